using Atrium.Chassis.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// Runs a unit of work in the chassis's <see cref="WriteTransaction"/> (SQLite BEGIN IMMEDIATE, so the write lock is
/// held from the first read and no concurrent writer can change a balance between its read and its update; a
/// conflict retries the whole work on fresh rows). On SQLite the work first takes its turn at the process's
/// <see cref="WriteGate"/>. Any failure clears the change tracker, so nothing of it leaks into later work of the scope.
/// </summary>
internal sealed class GatedWriteTransaction(PaymentsDbContext db, WriteGate gate)
{
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var gated = db.Database.IsSqlite();
        if (gated)
        {
            await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await WriteTransaction.RunAsync(db, () => work(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (gated)
            {
                gate.Exit();
            }
        }
    }
}
