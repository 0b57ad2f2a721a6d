using Atrium.Chassis.Data.Eventing;
using Atrium.Ordering.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// Saves a group of saga records on PostgreSQL in one round trip: one <see cref="NpgsqlBatch"/> outside any explicit
/// transaction, so the server runs it in one implicit transaction that commits at its end, and no saga or order row is
/// locked across a round trip. Nothing is read first: each record is an <c>UPDATE … WHERE</c> the step and time its
/// runner read (optimistic, as <c>SaveChanges</c> checks the concurrency token); a finished saga's statement locks the
/// record as read, moves its order from Pending to its final status, and only then saves the record and queues the
/// order's event (data-modifying CTEs), so a saga is never done while its order is Pending, nor an order final without
/// its event.
/// </summary>
internal static class PostgresSagaJournal
{
    /// <summary>Whether <paramref name="db"/> saves saga records through <see cref="SaveAsync"/> (PostgreSQL).</summary>
    public static bool Applies(DbContext db) => db.Database.IsNpgsql();

    /// <summary>
    /// Saves <paramref name="writes"/> and says, for each, whether it was saved. One that was not found its record
    /// moved by someone else, or (a finished saga) its order no longer Pending or gone; nothing of it was written.
    /// </summary>
    public static async Task<(bool Saved, bool Seen)[]> SaveAsync(OrderingDbContext db, IReadOnlyList<SagaWrite> writes, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var batch = connection.CreateBatch();
            foreach (var write in writes)
            {
                batch.BatchCommands.Add(write.Finished is null ? Moved(db, write) : Finished(db, write));
            }

            var results = new (bool, bool)[writes.Count];
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < writes.Count; i++)
            {
                var saved = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetBoolean(0);
                results[i] = (saved, saved || (writes[i].Finished is not null && reader.GetBoolean(1)));
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            if (writes.Any(w => w.Event is not null))
            {
                db.NudgeOutbox();
            }

            return results;
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static NpgsqlBatchCommand Moved(OrderingDbContext db, SagaWrite write)
    {
        var saga = PostgresRow.Of<OrderSaga>(db.Model);
        var command = new NpgsqlBatchCommand(
            $"UPDATE {saga.Table} SET ({saga.Columns}) = ROW({saga.Values(1)}) WHERE {Seen(saga, saga.Count + 1)} RETURNING true");
        saga.AddValues(command.Parameters, write.Next);
        AddSeen(saga, command.Parameters, write.Seen);
        return command;
    }

    private static NpgsqlBatchCommand Finished(OrderingDbContext db, SagaWrite write)
    {
        var (saga, order, outbox) = (PostgresRow.Of<OrderSaga>(db.Model), PostgresRow.Of<Order>(db.Model), PostgresRow.Of<OutboxMessage>(db.Model));
        var (orderAt, outboxAt, seenAt) = (saga.Count + 1, saga.Count + order.Count + 1, saga.Count + order.Count + outbox.Count + 1);
        var pendingAt = seenAt + 3;
        var command = new NpgsqlBatchCommand(
            $"""
            WITH seen AS (
                SELECT 1 FROM {saga.Table} WHERE {Seen(saga, seenAt)} FOR UPDATE),
            finished AS (
                UPDATE {order.Table} SET ({order.Columns}) = ROW({order.Values(orderAt)})
                WHERE {order.Column(nameof(Order.Id))} = {saga.Parameter(nameof(OrderSaga.OrderId), seenAt)}
                  AND {order.Column(nameof(Order.Status))} = {order.Parameter(nameof(Order.Status), pendingAt)}
                  AND EXISTS (SELECT 1 FROM seen)
                RETURNING 1),
            saved AS (
                UPDATE {saga.Table} SET ({saga.Columns}) = ROW({saga.Values(1)})
                WHERE {saga.Column(nameof(OrderSaga.OrderId))} = {saga.Parameter(nameof(OrderSaga.OrderId), seenAt)} AND EXISTS (SELECT 1 FROM finished)
                RETURNING 1),
            queued AS (
                INSERT INTO {outbox.Table} ({outbox.Columns}) SELECT {outbox.Values(outboxAt)} WHERE EXISTS (SELECT 1 FROM finished))
            SELECT EXISTS (SELECT 1 FROM saved), EXISTS (SELECT 1 FROM seen)
            """);
        saga.AddValues(command.Parameters, write.Next);
        order.AddValues(command.Parameters, write.Finished!);
        outbox.AddValues(command.Parameters, write.Event!);
        AddSeen(saga, command.Parameters, write.Seen);
        order.AddValue(command.Parameters, write.Pending!, nameof(Order.Status));
        return command;
    }

    // The record as its runner read it: its id, step and time of its last change (the concurrency token).
    private static string Seen(PostgresRow saga, int first) =>
        $"{saga.Column(nameof(OrderSaga.OrderId))} = {saga.Parameter(nameof(OrderSaga.OrderId), first)}"
        + $" AND {saga.Column(nameof(OrderSaga.Step))} = {saga.Parameter(nameof(OrderSaga.Step), first + 1)}"
        + $" AND {saga.Column(nameof(OrderSaga.UpdatedAt))} = {saga.Parameter(nameof(OrderSaga.UpdatedAt), first + 2)}";

    private static void AddSeen(PostgresRow saga, NpgsqlParameterCollection parameters, OrderSaga seen)
    {
        saga.AddValue(parameters, seen, nameof(OrderSaga.OrderId));
        saga.AddValue(parameters, seen, nameof(OrderSaga.Step));
        saga.AddValue(parameters, seen, nameof(OrderSaga.UpdatedAt));
    }
}
