using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// One entity type's table, columns and stored values as its EF Core mapping has them, for statements written by hand
/// on PostgreSQL (<see cref="PostgresPlacement"/>): the statement follows the mapping (column names, value converters
/// such as ticks for times and text for enums) instead of repeating it, so a change of the model cannot leave it behind.
/// </summary>
internal sealed class PostgresRow
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), PostgresRow> Rows = new();

    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;
    private readonly IProperty[] _properties;

    private PostgresRow(IEntityType entity)
    {
        _entity = entity;
        _table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _properties = [.. entity.GetProperties()];
        Table = _table.Schema is null ? $"\"{_table.Name}\"" : $"\"{_table.Schema}\".\"{_table.Name}\"";
        Columns = string.Join(", ", _properties.Select(ColumnOf));
    }

    /// <summary>The table's name, quoted.</summary>
    public string Table { get; }

    /// <summary>Every mapped column, quoted, comma-separated, in the order of <see cref="Values"/>.</summary>
    public string Columns { get; }

    /// <summary>How many columns (and values) the row has.</summary>
    public int Count => _properties.Length;

    /// <summary>The row of <typeparamref name="T"/> in <paramref name="model"/>, built once per model.</summary>
    public static PostgresRow Of<T>(IModel model) =>
        Rows.GetOrAdd((model, typeof(T)), key => new PostgresRow(key.Model.FindEntityType(key.Type)
            ?? throw new InvalidOperationException($"{key.Type.Name} is not mapped.")));

    /// <summary>
    /// Positional parameters <c>$first</c> onwards, each cast to its column's type (a null sent without a type must
    /// still fit its column).
    /// </summary>
    public string Values(int first) => string.Join(", ", _properties.Select((property, i) => Parameter(property, first + i)));

    /// <summary>The column of <paramref name="property"/>, quoted.</summary>
    public string Column(string property) => ColumnOf(Property(property));

    /// <summary>Positional parameter <c>$index</c> cast to the type of <paramref name="property"/>'s column.</summary>
    public string Parameter(string property, int index) => Parameter(Property(property), index);

    /// <summary>Adds the stored values of <paramref name="entity"/>, in the order of <see cref="Columns"/>.</summary>
    public void AddValues(NpgsqlParameterCollection parameters, object entity)
    {
        foreach (var property in _properties)
        {
            AddValue(parameters, property, entity);
        }
    }

    /// <summary>Adds the stored value of <paramref name="entity"/>'s <paramref name="property"/>.</summary>
    public void AddValue(NpgsqlParameterCollection parameters, object entity, string property) => AddValue(parameters, Property(property), entity);

    private static string Parameter(IProperty property, int index) => $"${index}::{property.GetRelationalTypeMapping().StoreType}";

    private static void AddValue(NpgsqlParameterCollection parameters, IProperty property, object entity)
    {
        var value = property.GetGetter().GetClrValue(entity);
        var converter = property.GetTypeMapping().Converter;
        if (value is not null && converter is not null)
        {
            value = converter.ConvertToProvider(value);
        }

        parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
    }

    private IProperty Property(string name) =>
        _entity.FindProperty(name) ?? throw new InvalidOperationException($"{_entity.ClrType.Name}.{name} is not mapped.");

    private string ColumnOf(IProperty property) => $"\"{property.GetColumnName(_table)}\"";
}
