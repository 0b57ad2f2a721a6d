using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// Takes an <c>Idempotency-Key</c> for its order with <c>INSERT … ON CONFLICT DO NOTHING</c> (SQLite and PostgreSQL
/// alike): of the requests racing with one key, one inserts the row and the others learn that the key is taken, as a
/// value. Letting them fail on the primary key instead costs an exception per loser, which EF Core logs as an error
/// with its stack trace, so a client could fill the error log by sending one request many times at once.
/// </summary>
internal static class IdempotencyKeyClaim
{
    // One statement per model (SQLite's and PostgreSQL's may differ), built once.
    private static readonly ConditionalWeakTable<IModel, string> Statements = [];

    /// <summary>
    /// Inserts <paramref name="record"/> in the current transaction; false when its key is taken already (on PostgreSQL
    /// once the transaction that took it has committed; while it runs, this waits for it).
    /// </summary>
    public static async Task<bool> TryClaimAsync(OrderingDbContext db, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var inserted = await db.Database.ExecuteSqlRawAsync(
            Statements.GetValue(db.Model, Sql),
            [record.UserId, record.Key, record.Fingerprint, record.OrderId, record.CreatedAtTicks],
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    // From the model, so that the statement follows the mapping in OrderingDbContext; both engines quote with ".
    private static string Sql(IModel model)
    {
        var entity = model.FindEntityType(typeof(IdempotencyRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = new[]
        {
            nameof(IdempotencyRecord.UserId), nameof(IdempotencyRecord.Key), nameof(IdempotencyRecord.Fingerprint),
            nameof(IdempotencyRecord.OrderId), nameof(IdempotencyRecord.CreatedAtTicks),
        }.Select(p => $"\"{entity.FindProperty(p)!.GetColumnName(table)}\"");
        var name = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
        return $"INSERT INTO {name} ({string.Join(", ", columns)}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}) ON CONFLICT DO NOTHING";
    }
}
