using System.Runtime.CompilerServices;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// Writes a placed order on PostgreSQL as one statement in its own implicit transaction, one round trip: the
/// idempotency key with <c>INSERT … ON CONFLICT DO NOTHING</c>, and only if that inserted it, the order, its saga
/// record and its <c>OrderPlaced</c> outbox row. Data-modifying CTEs see one snapshot and commit together, so a key
/// exists exactly when its order does, as in the explicit transaction SQLite runs (<see cref="IdempotencyKeyClaim"/>).
/// A request racing with a key another one is inserting waits for that one's commit and then finds the key taken.
/// </summary>
internal static class PostgresPlacement
{
    // One statement per model, built once.
    private static readonly ConditionalWeakTable<IModel, string> Statements = [];

    /// <summary>Whether <paramref name="db"/> places orders through <see cref="TryInsertAsync"/> (PostgreSQL).</summary>
    public static bool Applies(DbContext db) => db.Database.IsNpgsql();

    /// <summary>
    /// Inserts the four rows and nudges the relay; false, with nothing written, when the key is taken already. Retries a
    /// deadlock or serialization failure, which the single statement is not expected to meet.
    /// </summary>
    public static async Task<bool> TryInsertAsync(
        OrderingDbContext db, IdempotencyRecord key, Order order, OrderSaga saga, OutboxMessage placed, CancellationToken cancellationToken)
    {
        var sql = Statements.GetValue(db.Model, Sql);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
                    PostgresRow.Of<IdempotencyRecord>(db.Model).AddValues(command.Parameters, key);
                    PostgresRow.Of<Order>(db.Model).AddValues(command.Parameters, order);
                    PostgresRow.Of<OrderSaga>(db.Model).AddValues(command.Parameters, saga);
                    PostgresRow.Of<OutboxMessage>(db.Model).AddValues(command.Parameters, placed);
                    if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                    {
                        return false;
                    }

                    db.NudgeOutbox();
                    return true;
                }
                catch (NpgsqlException ex) when (attempt < WriteTransaction.MaxServerAttempts && WriteTransaction.IsConflict(ex))
                {
                    // Retried as a whole: the implicit transaction rolled back everything of the attempt.
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static string Sql(IModel model)
    {
        var key = PostgresRow.Of<IdempotencyRecord>(model);
        var order = PostgresRow.Of<Order>(model);
        var saga = PostgresRow.Of<OrderSaga>(model);
        var outbox = PostgresRow.Of<OutboxMessage>(model);
        var next = 1;
        string Values(PostgresRow row)
        {
            var values = row.Values(next);
            next += row.Count;
            return values;
        }

        return $"""
            WITH claimed AS (
                INSERT INTO {key.Table} ({key.Columns}) VALUES ({Values(key)})
                ON CONFLICT DO NOTHING
                RETURNING 1),
            placed AS (
                INSERT INTO {order.Table} ({order.Columns}) SELECT {Values(order)} WHERE EXISTS (SELECT 1 FROM claimed)),
            started AS (
                INSERT INTO {saga.Table} ({saga.Columns}) SELECT {Values(saga)} WHERE EXISTS (SELECT 1 FROM claimed)),
            queued AS (
                INSERT INTO {outbox.Table} ({outbox.Columns}) SELECT {Values(outbox)} WHERE EXISTS (SELECT 1 FROM claimed))
            SELECT EXISTS (SELECT 1 FROM claimed)
            """;
    }
}
