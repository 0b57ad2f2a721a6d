using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Atrium.Chassis.Persistence;

/// <summary>
/// Locks the rows an aggregate change is about to read and write, so that writers of a hot row (one product's stock, the
/// merchant account) queue in the database instead of losing an optimistic race and starting over. On PostgreSQL this is
/// <c>SELECT ... FOR UPDATE</c> in key order (so two writers never hold each other's rows); on SQLite it does nothing,
/// since a <see cref="WriteTransaction"/> there already holds the database's one write lock.
/// </summary>
public static class RowLocks
{
    /// <summary>Locks the <typeparamref name="TEntity"/> rows with these primary keys until the transaction ends.</summary>
    public static async Task LockForUpdateAsync<TEntity, TKey>(this DbContext db, IReadOnlyCollection<TKey> keys, CancellationToken cancellationToken)
        where TEntity : class
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0 || !db.Database.IsNpgsql())
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no table.");
        var key = entity.FindPrimaryKey()?.Properties is [var single] ? single
            : throw new InvalidOperationException($"{typeof(TEntity).Name} needs a single-column primary key to be locked.");
        var column = key.GetColumnName(StoreObjectIdentifier.Table(table, entity.GetSchema()));
        var name = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{table}\"" : $"\"{table}\"";
        // The SQL holds identifiers from the model only; the keys travel as one array parameter.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync(
            $"SELECT 1 FROM {name} WHERE \"{column}\" = ANY(@keys) ORDER BY \"{column}\" FOR UPDATE",
            [new NpgsqlParameter("keys", keys.ToArray())],
            cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
    }
}
