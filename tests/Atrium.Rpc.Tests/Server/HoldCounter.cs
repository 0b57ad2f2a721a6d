namespace Atrium.Rpc.Tests.Server;

/// <summary>Counts calls that reached a handler and completes <see cref="Reached"/> once <see cref="Target"/> did.</summary>
internal sealed class HoldCounter
{
    private int _count;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Target { get; private set; } = int.MaxValue;

    public Task Reached => _reached.Task;

    public void Reset(int target)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Target = target;
        Interlocked.Exchange(ref _count, 0);
    }

    public void Arrived()
    {
        if (Interlocked.Increment(ref _count) >= Target)
        {
            _reached.TrySetResult();
        }
    }
}
