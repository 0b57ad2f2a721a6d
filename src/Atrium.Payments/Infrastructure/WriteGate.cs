namespace Atrium.Payments.Infrastructure;

/// <summary>
/// Queues this process's writers to the payments database before they ask SQLite for its write lock. SQLite takes
/// one writer at a time anyway, and every charge writes the one merchant account row; waiting here is asynchronous
/// and first come, first served, where SQLite's busy handler would park a thread and retry on a timer.
/// </summary>
internal sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Waits for this writer's turn; call <see cref="Exit"/> once done.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <summary>Hands the turn to the next writer.</summary>
    public void Exit() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();
}
