using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Atrium.Ordering.Infrastructure.ReadModel;

/// <summary>
/// The read model's writes, each one statement that decides in the database (SQLite and PostgreSQL alike): a view is
/// inserted with <c>INSERT … ON CONFLICT ("Id")</c>, so two events of one order racing to create it (an
/// <c>OrderPlaced</c> and a final event that overtook it) never fail on the primary key, and a final status is set
/// with an <c>UPDATE</c> without reading the view first. They run in the caller's transaction (the inbox's), at once or,
/// on PostgreSQL, as commands of the inbox batch's one <see cref="NpgsqlBatch"/> (<see cref="OrderViewBatch"/>).
/// </summary>
internal static class OrderViewWrites
{
    // The statements per model (SQLite's and PostgreSQL's may differ), built once from the mapping.
    private static readonly ConditionalWeakTable<IModel, Statements> ByModel = [];

    /// <summary>
    /// Inserts <paramref name="view"/>; when a view of the order is there already, leaves it as it is, or with
    /// <paramref name="replace"/> gives it <paramref name="view"/>'s status, reason and time.
    /// </summary>
    public static Task<int> InsertAsync(OrderReadDbContext db, OrderView view, bool replace, CancellationToken cancellationToken)
    {
        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        return db.Database.ExecuteSqlRawAsync(replace ? statements.Upsert : statements.Insert, InsertValues(view), cancellationToken);
    }

    /// <summary>Gives the view of the order its final status; false when there is no view of it.</summary>
    public static async Task<bool> FinishAsync(OrderReadDbContext db, OrderViewFinish finish, CancellationToken cancellationToken)
    {
        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        return await db.Database.ExecuteSqlRawAsync(statements.Finish, FinishValues(finish), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary><see cref="InsertAsync"/> as a command of an <see cref="NpgsqlBatch"/> (PostgreSQL).</summary>
    public static NpgsqlBatchCommand InsertCommand(OrderReadDbContext db, OrderView view, bool replace)
    {
        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        return Command(replace ? statements.Upsert : statements.Insert, InsertValues(view));
    }

    /// <summary><see cref="FinishAsync"/> as a command of an <see cref="NpgsqlBatch"/> (PostgreSQL); one row affected when the view is there.</summary>
    public static NpgsqlBatchCommand FinishCommand(OrderReadDbContext db, OrderViewFinish finish) =>
        Command(ByModel.GetValue(db.Model, model => new Statements(model)).Finish, FinishValues(finish));

    private static object[] InsertValues(OrderView view) =>
        [view.Id, view.UserId, view.Status.ToString(), view.Reason!, view.TotalAmount, view.Currency, view.LinesJson, view.CreatedAtTicks, view.UpdatedAtTicks];

    private static object[] FinishValues(OrderViewFinish finish) => [finish.Status.ToString(), finish.Reason!, finish.UpdatedAtTicks, finish.OrderId];

    // The same statement with Npgsql's positional parameters ($1, $2, …) in place of EF's {0}, {1}, …; a null is sent
    // untyped and takes its column's type.
    private static NpgsqlBatchCommand Command(string statement, object[] values)
    {
        var command = new NpgsqlBatchCommand(string.Format(CultureInfo.InvariantCulture, statement, [.. values.Select((_, i) => (object)$"${i + 1}")]));
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private sealed class Statements
    {
        public Statements(IModel model)
        {
            var entity = model.FindEntityType(typeof(OrderView))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";
            var name = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
            var (id, status, reason, updated) = (Column(nameof(OrderView.Id)), Column(nameof(OrderView.Status)), Column(nameof(OrderView.Reason)), Column(nameof(OrderView.UpdatedAtTicks)));
            var columns = string.Join(", ", new[]
            {
                nameof(OrderView.Id), nameof(OrderView.UserId), nameof(OrderView.Status), nameof(OrderView.Reason), nameof(OrderView.TotalAmount),
                nameof(OrderView.Currency), nameof(OrderView.LinesJson), nameof(OrderView.CreatedAtTicks), nameof(OrderView.UpdatedAtTicks),
            }.Select(Column));
            var insert = $"INSERT INTO {name} ({columns}) VALUES ({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}, {{8}}) ON CONFLICT ({id})";
            Insert = $"{insert} DO NOTHING";
            Upsert = $"{insert} DO UPDATE SET {status} = excluded.{status}, {reason} = excluded.{reason}, {updated} = excluded.{updated}";
            Finish = $"UPDATE {name} SET {status} = {{0}}, {reason} = {{1}}, {updated} = {{2}} WHERE {id} = {{3}}";
        }

        public string Insert { get; }

        public string Upsert { get; }

        public string Finish { get; }
    }
}
