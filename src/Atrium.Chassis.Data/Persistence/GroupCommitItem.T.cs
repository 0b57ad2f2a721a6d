using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Persistence;

/// <summary>A <see cref="GroupCommitItem"/> whose work returns <typeparamref name="T"/> to its caller.</summary>
internal sealed class GroupCommitItem<T>(DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    : GroupCommitItem(db, cancellationToken)
{
    // Continuations run on the pool, never inline on the writer that completes the batch.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    protected override async Task StartAlone()
    {
        try
        {
            _result = await WriteTransaction.RunInOwnTransactionAsync(Db, work, WriteTransaction.MaxAttempts, CancellationToken).ConfigureAwait(false);
            Complete();
        }
#pragma warning disable CA1031 // Every failure belongs to the caller, who awaits this item's task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
        }
    }

    protected override async Task StartWork() => _result = await work().ConfigureAwait(false);

    protected override void SetResult() => _completion.TrySetResult(_result!);

    protected override void SetException(Exception exception)
    {
        if (exception is OperationCanceledException canceled)
        {
            _completion.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            _completion.TrySetException(exception);
        }
    }

    protected override void SetCanceled() => _completion.TrySetCanceled(CancellationToken);
}
