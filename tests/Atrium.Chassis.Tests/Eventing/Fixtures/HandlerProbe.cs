using System.Collections.Concurrent;
using System.Diagnostics;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>Shared with a test's handlers: how many calls fail first, what each call saw.</summary>
public sealed class HandlerProbe
{
    private int _calls;

    public int FailFirst { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<ActivityTraceId?> TraceIds { get; } = new();

    public int NextCall() => Interlocked.Increment(ref _calls);
}
