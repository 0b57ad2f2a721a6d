using System.Data.Common;
using Atrium.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Atrium.Catalog.Tests.Api;

/// <summary>Adds products straight to the module's database (the admin API is not part of these tests).</summary>
internal static class CatalogTestData
{
    /// <summary>Inserts a product with <paramref name="stock"/> units into the module's SQLite file, or its PostgreSQL database when given.</summary>
    public static async Task<Guid> AddProductAsync(ModuleTestHost host, int stock, string? postgres = null)
    {
        var id = Guid.NewGuid();
        await using var connection = Connect(host, postgres);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO products ("Id", "Sku", "Name", "Description", "PriceAmount", "Currency", "OnHand", "Reserved", "Version")
            VALUES (@id, @sku, 'Test', '', 500, 'USD', @stock, 0, 0)
            """;
        // SQLite keeps a Guid as upper-case text, PostgreSQL as uuid.
        Add(command, "@id", postgres is null ? id.ToString().ToUpperInvariant() : id);
        Add(command, "@sku", "T-" + id.ToString("N")[..12]);
        Add(command, "@stock", stock);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>A product's on-hand and reserved units as the module's database holds them.</summary>
    public static async Task<(int OnHand, int Reserved)> StockAsync(ModuleTestHost host, Guid product, string? postgres = null)
    {
        await using var connection = Connect(host, postgres);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "OnHand", "Reserved" FROM products WHERE "Id" = @id""";
        Add(command, "@id", postgres is null ? product.ToString().ToUpperInvariant() : product);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private static DbConnection Connect(ModuleTestHost host, string? postgres) => postgres is null
        ? new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, CatalogModule.DatabaseFile)};Default Timeout=30")
        : new NpgsqlConnection(postgres);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
