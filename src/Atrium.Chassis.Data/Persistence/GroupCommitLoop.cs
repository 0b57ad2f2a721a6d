namespace Atrium.Chassis.Data.Persistence;

/// <summary>
/// The loop behind a group commit: items queued while a batch is being written go into the next batch, written by one
/// loop that runs while anything is queued and stops when the queue is empty. Used by the SQLite file's group commit
/// (<see cref="SqliteGroupCommit"/>) and by the ordering saga journal.
/// </summary>
/// <remarks>
/// The loop serves every caller, so it starts without the first caller's <see cref="ExecutionContext"/>: it carries no
/// trace, log scope or other async-local state of whoever happened to start it. A writer that needs its caller's
/// context captures it with the item. Batches are written one at a time, in queue order.
/// </remarks>
/// <typeparam name="T">What is queued; the writer completes each item its own way.</typeparam>
public sealed class GroupCommitLoop<T>
{
    private readonly Func<List<T>, Task> _write;
    private readonly Action<T, Exception> _fail;
    private readonly Lock _lock = new();
    private readonly List<T> _pending = [];
    private readonly int _maxBatch = int.MaxValue;
    private bool _writing;
    private bool _stopped;
    private TaskCompletionSource? _idle;

    /// <summary>
    /// A queue whose batches <paramref name="write"/> writes, one call per batch; when that call throws,
    /// <paramref name="fail"/> is given each item of the batch and the exception, and the loop goes on with the next.
    /// </summary>
    /// <param name="write">Writes one batch and completes its items. It may keep the list it is given.</param>
    /// <param name="fail">
    /// Fails an item of a batch whose write threw; items the write already completed must ignore it. It must not throw.
    /// </param>
    public GroupCommitLoop(Func<List<T>, Task> write, Action<T, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(fail);
        _write = write;
        _fail = fail;
    }

    /// <summary>Items per batch at most; the rest wait for the next batch. Default <see cref="int.MaxValue"/>: no limit.</summary>
    public int MaxBatch
    {
        get => _maxBatch;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBatch = value;
        }
    }

    /// <summary>
    /// Queues <paramref name="item"/> for the next batch, starting the loop when it is idle; false, with nothing queued,
    /// once <see cref="StopAsync"/> has been called.
    /// </summary>
    public bool TryEnqueue(T item)
    {
        bool start;
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            _pending.Add(item);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            Start();
        }

        return true;
    }

    /// <summary>
    /// Puts <paramref name="items"/>, already accepted once (a batch's works to run again), first in line for the next
    /// batch, in their order. They are taken even after <see cref="StopAsync"/>: stopping refuses new items only.
    /// </summary>
    public void Requeue(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        bool start;
        lock (_lock)
        {
            var count = _pending.Count;
            _pending.InsertRange(0, items);
            start = !_writing && _pending.Count > count;
            _writing |= start;
        }

        if (start)
        {
            Start();
        }
    }

    /// <summary>Refuses new items from now on; completes once the items already queued have been written.</summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            _stopped = true;
            // Continuations run on the pool, never inline on the loop that completes it.
            return _writing ? (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
        }
    }

    private void Start() =>
        ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.WriteLoopAsync(), this, preferLocal: false);

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            List<T> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    _idle?.TrySetResult();
                    _idle = null;
                    return;
                }

                // A copy of exactly the batch's size; the queue keeps its capacity for the next burst.
                var count = Math.Min(_pending.Count, _maxBatch);
                batch = _pending.GetRange(0, count);
                _pending.RemoveRange(0, count);
            }

            try
            {
                await _write(batch).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The loop must outlive any failure, or every later item would wait forever.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var item in batch)
                {
                    _fail(item, ex);
                }
            }
        }
    }
}
