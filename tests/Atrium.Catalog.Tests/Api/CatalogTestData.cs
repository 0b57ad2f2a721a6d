using Atrium.Testing;
using Microsoft.Data.Sqlite;

namespace Atrium.Catalog.Tests.Api;

/// <summary>Adds products straight to the module's database (the admin API is not part of these tests).</summary>
internal static class CatalogTestData
{
    public static async Task<Guid> AddProductAsync(ModuleTestHost host, int stock)
    {
        var id = Guid.NewGuid();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, CatalogModule.DatabaseFile)};Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO products (Id, Sku, Name, Description, PriceAmount, Currency, OnHand, Reserved, Version) VALUES ($id, $sku, 'Test', '', 500, 'USD', $stock, 0, 0)";
        command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$sku", "T-" + id.ToString("N")[..12]);
        command.Parameters.AddWithValue("$stock", stock);
        await command.ExecuteNonQueryAsync();
        return id;
    }
}
