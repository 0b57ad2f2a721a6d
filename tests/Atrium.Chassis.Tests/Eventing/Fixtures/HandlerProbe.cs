using System.Collections.Concurrent;
using System.Diagnostics;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>Shared with a test's handlers: how many calls fail first, what each call saw.</summary>
internal sealed class HandlerProbe
{
    private int _calls;
    private int _commits;
    private int _flushes;

    public int FailFirst { get; set; }

    /// <summary>One call that fails (1 is the first), besides the first <see cref="FailFirst"/>; 0 for none.</summary>
    public int FailOnCall { get; set; }

    /// <summary>How many first calls fail as when the handler's database cannot be reached (a transient provider error).</summary>
    public int UnreachableFirst { get; set; }

    /// <summary>A user whose event fails on every call; null for none.</summary>
    public Guid? FailUserId { get; set; }

    /// <summary>When set, each call waits for it (or for its cancellation) before it applies anything: a handler stuck mid-way.</summary>
    public Task? Hold { get; set; }

    /// <summary>Completes when a call starts.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether being told of a commit throws (after counting it).</summary>
    public bool ThrowOnCommit { get; set; }

    /// <summary>Whether the handler holds its writes back until the inbox flushes the batch (<see cref="Atrium.Chassis.Data.Eventing.IBatchWriter"/>).</summary>
    public bool HoldBack { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>How many times the inbox flushed a handler's batch.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>How many writes each flush found held back, in order.</summary>
    public ConcurrentQueue<int> FlushedWrites { get; } = new();

    public ConcurrentQueue<ActivityTraceId?> TraceIds { get; } = new();

    /// <summary>How many times the inbox told a handler its effect was committed.</summary>
    public int Commits => Volatile.Read(ref _commits);

    public int NextCall()
    {
        Entered.TrySetResult();
        return Interlocked.Increment(ref _calls);
    }

    public void Flushed(int writes)
    {
        Interlocked.Increment(ref _flushes);
        FlushedWrites.Enqueue(writes);
    }

    public void Committed()
    {
        Interlocked.Increment(ref _commits);
        if (ThrowOnCommit)
        {
            throw new InvalidOperationException("commit observer failure");
        }
    }
}
