using System.Collections.Concurrent;
using Atrium.Transport.IoUring.Native;

namespace Atrium.Transport.IoUring;

/// <summary>
/// A thread with a ring of its own. Each loop it fills the entries asked for since the last one, submits them all in
/// one <c>io_uring_enter</c> that also waits for completions, then runs the completions. Continuations of the
/// connections' receive and send loops run inline here, so the next receive is queued without a wake-up; work asked
/// for from other threads goes through a queue and an eventfd the ring always has a read pending on.
/// </summary>
internal sealed unsafe class IoThread : IDisposable
{
    private readonly ConcurrentQueue<IoOperation> _queue = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private readonly uint _entries;
    private Ring? _ring;
    private WakeOperation? _wake;
    private int _sleeping;
    private volatile bool _stopping;

    public IoThread(string name, uint entries)
    {
        _entries = entries;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    /// <summary>Whether the caller runs on this I/O thread.</summary>
    public bool IsCurrent => System.Threading.Thread.CurrentThread == _thread;

    /// <summary>Starts the thread and waits until its ring is set up.</summary>
    /// <exception cref="IOException">The ring could not be set up.</exception>
    public void Start()
    {
        _thread.Start();
        _started.Task.GetAwaiter().GetResult();
    }

    /// <summary>Queues <paramref name="operation"/> for the ring's next submission; from any thread.</summary>
    public void Submit(IoOperation operation)
    {
        if (IsCurrent)
        {
            Prepare(operation);
            return;
        }

        _queue.Enqueue(operation);
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _wake!.Signal();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_wake is not null && _thread.IsAlive)
        {
            _wake.Signal();
            _thread.Join();
        }
    }

    private void Run()
    {
        try
        {
            _ring = Ring.Create(_entries);
            _wake = new WakeOperation(this);
        }
        catch (IOException e)
        {
            _started.SetException(e);
            return;
        }

        _started.SetResult();
        Prepare(_wake);
        try
        {
            while (!_stopping)
            {
                while (_queue.TryDequeue(out var operation))
                {
                    Prepare(operation);
                }

                // Announce the sleep before the last look at the queue, so a producer either sees it and wakes the
                // ring or enqueued early enough to be seen here.
                Interlocked.Exchange(ref _sleeping, 1);
                var wait = _queue.IsEmpty && !_stopping;
                if (!wait)
                {
                    Volatile.Write(ref _sleeping, 0);
                }

                _ring.Enter(wait);
                Volatile.Write(ref _sleeping, 0);
                Reap();
            }
        }
        finally
        {
            // The ring first: its teardown ends the read pending on the eventfd's counter.
            _ring.Dispose();
            _wake.Dispose();
        }
    }

    private void Reap()
    {
        while (_ring!.TryTakeCqe(out var cqe))
        {
            if (cqe.UserData != 0)
            {
                IoOperation.FromUserData(cqe.UserData).Complete(cqe.Res, cqe.Flags);
            }
        }
    }

    private void Prepare(IoOperation operation)
    {
        var sqe = _ring!.TryGetSqe();
        while (sqe is null)
        {
            // Full: submit what is there and make room by taking completions.
            _ring.Enter(wait: false);
            Reap();
            sqe = _ring.TryGetSqe();
        }

        operation.Prepare(sqe);
        sqe->UserData = operation.UserData;
    }
}
