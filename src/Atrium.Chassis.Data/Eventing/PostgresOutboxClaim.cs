using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The relay's claim on PostgreSQL as one statement in one round trip: picks the oldest due rows, stamps them with the
/// claim token and the lease, and returns them whole. <c>FOR UPDATE SKIP LOCKED</c> passes over rows that another
/// relay's claim is taking at that moment instead of waiting for its commit, so relays sharing a database never queue
/// behind each other; the outer <c>WHERE</c> repeats the due test, so a row another claim took since this snapshot is
/// not taken twice.
/// </summary>
internal sealed class PostgresOutboxClaim
{
    private readonly string _sql;

    private PostgresOutboxClaim(string sql) => _sql = sql;

    /// <summary>The claim for the outbox table as <paramref name="db"/>'s model maps it (table, schema, columns).</summary>
    public static PostgresOutboxClaim For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} maps no outbox (call AddOutbox in OnModelCreating).");
        var tableName = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var table = StoreObjectIdentifier.Table(tableName, schema);
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var id = Column(nameof(OutboxMessage.Id));
        var publishedAt = Column(nameof(OutboxMessage.PublishedAt));
        var nextAttemptAt = Column(nameof(OutboxMessage.NextAttemptAt));
        var due = $"{publishedAt} IS NULL AND {nextAttemptAt} <= @now";
        return new PostgresOutboxClaim(
            $"""
            UPDATE {sql.DelimitIdentifier(tableName, schema)}
            SET {Column(nameof(OutboxMessage.ClaimToken))} = @token, {nextAttemptAt} = @lease
            WHERE {id} IN (
                SELECT {id} FROM {sql.DelimitIdentifier(tableName, schema)}
                WHERE {due}
                ORDER BY {Column(nameof(OutboxMessage.OccurredAt))}
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
              AND {due}
            RETURNING *
            """);
    }

    /// <summary>
    /// Claims up to <paramref name="batch"/> due rows with <paramref name="token"/> until <paramref name="lease"/>;
    /// the rows as claimed, oldest first. Not cancellable: a stop must never leave it unknown whether a claim holds.
    /// </summary>
    public async Task<List<OutboxMessage>> ClaimAsync(DbSet<OutboxMessage> outbox, Guid token, DateTimeOffset now, DateTimeOffset lease, int batch)
    {
        var rows = await outbox.FromSqlRaw(
                _sql,
                new NpgsqlParameter<Guid>("token", NpgsqlDbType.Uuid) { TypedValue = token },
                new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = now.UtcTicks },
                new NpgsqlParameter<long>("lease", NpgsqlDbType.Bigint) { TypedValue = lease.UtcTicks },
                new NpgsqlParameter<int>("batch", NpgsqlDbType.Integer) { TypedValue = batch })
            .AsNoTracking()
            .ToListAsync(CancellationToken.None)
            .ConfigureAwait(false);

        // RETURNING keeps no order: published oldest first, as on SQLite.
        rows.Sort(static (a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return rows;
    }
}
