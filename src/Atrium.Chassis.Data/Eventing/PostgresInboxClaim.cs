using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Inserts the inbox rows of a batch on PostgreSQL in one statement, <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO
/// NOTHING RETURNING</c>, in the caller's transaction: the ids it returns are the messages not handled before, and
/// a message in the batch twice is returned once. A delivery racing with another one of the same message waits for
/// that one's commit and then finds the row there; if that one rolls back, this one inserts it.
/// </summary>
internal static class PostgresInboxClaim
{
    // One statement per model, built once from its mapping.
    private static readonly ConditionalWeakTable<IModel, string> Statements = [];

    public static async Task<HashSet<Guid>> ClaimAsync(
        DbContext context, string subscription, IReadOnlyList<EventEnvelope> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = new Guid[batch.Count];
        var types = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            (ids[i], types[i]) = (batch[i].MessageId, batch[i].Type);
        }

        var claimed = await context.Database.SqlQueryRaw<Guid>(
                Statements.GetValue(context.Model, Sql),
                new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids },
                new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = types },
                new NpgsqlParameter<string>("handler", NpgsqlDbType.Text) { TypedValue = subscription },
                new NpgsqlParameter<long>("at", NpgsqlDbType.Bigint) { TypedValue = now.UtcTicks })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. claimed];
    }

    // From the model, so that the statement follows the mapping of AddInbox (its table name may be another).
    private static string Sql(IModel model)
    {
        var entity = model.FindEntityType(typeof(InboxMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";
        var name = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
        var id = Column(nameof(InboxMessage.MessageId));
        return $"""
            INSERT INTO {name} ({id}, {Column(nameof(InboxMessage.Handler))}, {Column(nameof(InboxMessage.Type))}, {Column(nameof(InboxMessage.ProcessedAt))})
            SELECT m.id, @handler, m.type, @at FROM unnest(@ids, @types) AS m(id, type)
            ON CONFLICT DO NOTHING
            RETURNING {id} AS "Value"
            """;
    }
}
