using Atrium.Testing;
using Npgsql;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The outboxes and inboxes of services on PostgreSQL, read from their databases: every event published, and every
/// handler that takes a type applied each event of it exactly once (the inbox's key makes a second row impossible, so
/// a count equal to the outboxes' means none was lost and none was applied under another id).
/// </summary>
internal static class EventLedger
{
    /// <summary>Waits until every outbox row is published and every inbox holds each event of its types once.</summary>
    public static async Task VerifyAsync(IReadOnlyCollection<string> connectionStrings, TimeSpan timeout)
    {
        string? last = null;
        await Eventually.UntilAsync(async () => (last = await MismatchAsync(connectionStrings)) is null, "every event to be published and applied once",
            timeout, () => last ?? "", TimeSpan.FromMilliseconds(500));
    }

    private static async Task<string?> MismatchAsync(IReadOnlyCollection<string> connectionStrings)
    {
        var published = new Dictionary<string, long>(StringComparer.Ordinal);
        var applied = new List<(string Database, string Handler, string Type, long Count)>();
        foreach (var connectionString in connectionStrings)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            if (await ExistsAsync(connection, "outbox_messages"))
            {
                await using var unpublished = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE \"PublishedAt\" IS NULL", connection);
                if ((long)(await unpublished.ExecuteScalarAsync())! > 0)
                {
                    return $"{connection.Database} has unpublished outbox rows";
                }

                await using var types = new NpgsqlCommand("SELECT \"Type\", count(*) FROM outbox_messages GROUP BY \"Type\"", connection);
                await using var reader = await types.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    published[reader.GetString(0)] = published.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
                }
            }

            if (await ExistsAsync(connection, "inbox_messages"))
            {
                await using var handlers = new NpgsqlCommand("SELECT \"Handler\", \"Type\", count(*) FROM inbox_messages GROUP BY \"Handler\", \"Type\"", connection);
                await using var reader = await handlers.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    applied.Add((connection.Database, reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
                }
            }
        }

        var wrong = applied.Where(a => a.Count != published.GetValueOrDefault(a.Type)).ToList();
        return wrong.Count == 0 && applied.Count > 0
            ? null
            : string.Join(Environment.NewLine, wrong.Select(a => $"{a.Database} {a.Handler} applied {a.Count} {a.Type}, {published.GetValueOrDefault(a.Type)} published"));
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
