using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Atrium.Ordering.Infrastructure.ReadModel;

/// <summary>
/// The read model's writes of one inbox batch on PostgreSQL (<see cref="OrderViewWrites"/>' statements), held back while
/// the batch's events are handled and sent as one <see cref="NpgsqlBatch"/> in the inbox's transaction before its
/// commit: one round trip for the batch instead of one per event. The server runs the statements in order and the
/// transaction keeps them all or none.
/// </summary>
internal sealed class OrderViewBatch
{
    private readonly List<NpgsqlBatchCommand> _commands = [];
    private readonly List<(int Command, OrderViewFinish Finish)> _finishes = [];

    /// <summary>A batch for <paramref name="db"/> on PostgreSQL; <see langword="null"/> on SQLite, which has no round trips to save.</summary>
    public static OrderViewBatch? For(OrderReadDbContext db) => db.Database.IsNpgsql() ? new OrderViewBatch() : null;

    /// <summary>Forgets what was held back (a retried attempt starts afresh).</summary>
    public void Clear()
    {
        _commands.Clear();
        _finishes.Clear();
    }

    /// <summary>Holds back the insert of <paramref name="view"/> (see <see cref="OrderViewWrites.InsertAsync"/>).</summary>
    public void Insert(OrderReadDbContext db, OrderView view, bool replace) => _commands.Add(OrderViewWrites.InsertCommand(db, view, replace));

    /// <summary>Holds back <paramref name="finish"/> (see <see cref="OrderViewWrites.FinishAsync"/>).</summary>
    public void Finish(OrderReadDbContext db, OrderViewFinish finish)
    {
        _finishes.Add((_commands.Count, finish));
        _commands.Add(OrderViewWrites.FinishCommand(db, finish));
    }

    /// <summary>Sends what was held back, in the order it came; returns the finishes that found no view.</summary>
    public async Task<List<OrderViewFinish>> FlushAsync(OrderReadDbContext db, CancellationToken cancellationToken)
    {
        if (_commands.Count == 0)
        {
            return [];
        }

        // Opened here only when no transaction holds it open (EF counts the opens): the inbox's is, a lone caller's not.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = connection.CreateBatch();
            batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
            foreach (var command in _commands)
            {
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return [.. _finishes.Where(f => _commands[f.Command].RecordsAffected == 0).Select(f => f.Finish)];
        }
        finally
        {
            Clear();
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
