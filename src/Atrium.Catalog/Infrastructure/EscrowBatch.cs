using System.Data.Common;
using Atrium.Chassis.Data.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Atrium.Catalog.Infrastructure;

/// <summary>
/// Statements that take effect together or not at all, each a plain write whose refusal is an error the database
/// raises (a duplicate key, a check or not-null constraint), so that the database decides without asking the client. On
/// PostgreSQL they go as one <see cref="NpgsqlBatch"/> outside any explicit transaction: the server runs them in the
/// implicit transaction that ends at the batch's one Sync, so the rows they lock are held for the statements that follow
/// and the commit, never across a round trip. On SQLite they run one after another in the file's group commit (which
/// holds the database's one write lock anyway), inside the work's savepoint.
/// </summary>
internal sealed class EscrowBatch(CatalogDbContext db)
{
    private readonly List<(string Sql, (string Name, object Value)[] Parameters)> _statements = [];
    private readonly bool _server = db.Database.IsNpgsql();

    /// <summary>A product id as the provider stores it: uuid on PostgreSQL, upper-case text (EF Core's form) on SQLite.</summary>
    public object Key(Guid id) => _server ? id : id.ToString().ToUpperInvariant();

    public EscrowBatch Add(string sql, params (string Name, object Value)[] parameters)
    {
        _statements.Add((sql, parameters));
        return this;
    }

    /// <summary>
    /// Runs every statement and commits them, or throws the first statement's failure with nothing changed. Returns the
    /// rows the first statement changed, for a batch whose first statement decides, by changing nothing, that the rest
    /// has nothing to do.
    /// </summary>
    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        _server ? ExecuteBatchAsync(cancellationToken) : WriteTransaction.RunAsync(db, () => ExecuteInTransactionAsync(cancellationToken), cancellationToken);

    private async Task<int> ExecuteBatchAsync(CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        for (var attempt = 1; ; attempt++)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var batch = connection.CreateBatch();
                foreach (var (sql, parameters) in _statements)
                {
                    var command = new NpgsqlBatchCommand(sql);
                    foreach (var (name, value) in parameters)
                    {
                        command.Parameters.AddWithValue(name, value);
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return batch.BatchCommands[0].RecordsAffected;
            }
            catch (DbException ex) when (attempt < WriteTransaction.MaxServerAttempts && WriteTransaction.IsConflict(ex))
            {
                // A deadlock or serialization failure rolled the whole batch back; it can run again as it is.
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<int> ExecuteInTransactionAsync(CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        int? first = null;
        foreach (var (sql, parameters) in _statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            first ??= changed;
        }

        return first ?? 0;
    }
}
