using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Catalog;
using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Atrium.Identity;
using Atrium.Payments;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Microsoft.Data.Sqlite;

namespace Atrium.Ordering.Tests.Application;

/// <summary>
/// The real catalog and payments modules on loopback (HTTP/1.1 and h2c), each with its own process context, as the
/// saga's branches, and the real identity module that issues the service tokens they check. Helpers create what an
/// order needs (a product with known stock and price, a user whose account payments opened from a
/// <c>UserRegistered</c> on its event transport) and read both books.
/// </summary>
public sealed class SagaHostsFixture : IAsyncLifetime
{
    public const long StartingBalance = 100_000;

    /// <summary>Identity: the token endpoint ordering's client asks, the JWKS catalog and payments trust, <c>GetUser</c>.</summary>
    public ModuleTestHost Identity { get; private set; } = null!;

    public ModuleTestHost Catalog { get; private set; } = null!;

    public ModuleTestHost Payments { get; private set; } = null!;

    /// <summary>
    /// A real ordering module whose <c>atrium.ordering.v1.Sagas</c> payments asks before it refunds a capture; its saga
    /// records are written by <see cref="SagaAsync"/> (it runs no order of its own).
    /// </summary>
    public ModuleTestHost Ordering { get; private set; } = null!;

    private HttpClient CatalogHttp { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, rpc: true);
        var auth = TestServiceTokens.AuthYaml(Identity);
        Catalog = await ModuleTestHost.StartAsync<CatalogOptions>(CatalogOptions.Section, CatalogModule.Init, "seedProducts: false\n" + auth, rpc: true);
        var tokenUrl = TestServiceTokens.TokenUrl(Identity);
        Ordering = await ModuleTestHost.StartAsync<OrderingOptions>(
            OrderingOptions.Section, OrderingModule.Init, $"{auth}\nclient:\n  secretFile: \"{TestServiceTokens.SecretFile(Identity)}\"\n  tokenUrl: \"{tokenUrl}\"", rpc: true);
        Payments = await ModuleTestHost.StartAsync<PaymentsOptions>(
            PaymentsOptions.Section,
            PaymentsModule.Init,
            $"startingBalance: {StartingBalance}\n{auth}\nclient:\n  secretFile: \"{PaymentsSecretFile}\"\n  tokenUrl: \"{tokenUrl}\"\norderingAddress: \"{Ordering.RpcAddress}\"",
            rpc: true);
        CatalogHttp = Catalog.Client();
    }

    public async Task DisposeAsync()
    {
        CatalogHttp.Dispose();
        await Payments.DisposeAsync();
        await Ordering.DisposeAsync();
        await Catalog.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>
    /// The <c>client</c> options of an ordering that gets its service tokens from <see cref="Identity"/>: its default
    /// client and the secret file identity made.
    /// </summary>
    public ServiceClientOptions Client() => new()
    {
        Id = TestServiceTokens.ClientId,
        SecretFile = TestServiceTokens.SecretFile(Identity),
        TokenUrl = TestServiceTokens.TokenUrl(Identity).ToString(),
    };

    /// <summary>The secret file of identity's default <c>payments</c> client.</summary>
    public string PaymentsSecretFile => Path.Combine(Identity.DataDirectory, "service-secrets", "payments");

    /// <summary>Writes <paramref name="orderId"/>'s saga record into <see cref="Ordering"/>'s database, never due, so its scheduler leaves it alone.</summary>
    public Task SagaAsync(Guid orderId, string step, string? reason) => ExecuteAsync(
        Path.Combine(Ordering.DataDirectory, OrderingModule.DatabaseFile),
        "INSERT INTO order_sagas (OrderId, Step, Reason, Attempts, NextAttemptAt, Deadline, StartedAt, UpdatedAt) VALUES ($id, $step, $reason, 0, $never, 0, 0, 0)",
        ("$id", Upper(orderId)),
        ("$step", step),
        ("$reason", (object?)reason ?? DBNull.Value),
        ("$never", DateTimeOffset.MaxValue.UtcTicks));

    /// <summary>A product of its own for a test (tests in parallel share no stock), straight into the catalog's database.</summary>
    public async Task<Guid> NewProductAsync(int stock, long price = 500, string currency = "USD")
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            CatalogDatabase,
            "INSERT INTO products (Id, Sku, Name, Description, PriceAmount, Currency, OnHand, Reserved, Version) VALUES ($id, $sku, 'Test', '', $price, $currency, $stock, 0, 0)",
            ("$id", Upper(id)),
            ("$sku", "T-" + id.ToString("N")[..12]),
            ("$price", price),
            ("$currency", currency),
            ("$stock", stock));
        return id;
    }

    /// <summary>
    /// A user (<paramref name="id"/>, or a new one) whose account payments opened on its <c>UserRegistered</c>, as
    /// identity's relay delivers it.
    /// </summary>
    public async Task<Guid> NewUserAsync(Guid? id = null)
    {
        var userId = id ?? Guid.NewGuid();
        await PublishToPaymentsAsync(new UserRegistered(userId, $"u-{userId:N}@example.com") { OccurredAt = DateTimeOffset.UnixEpoch });
        await Eventually.UntilAsync(async () => await BalanceAsync(userId) is not null, "the user's payments account opened");
        return userId;
    }

    /// <summary>Delivers ordering's <c>OrderConfirmed</c> to payments, as ordering's relay does, and waits until the payment is settled.</summary>
    public async Task SettleAsync(Guid orderId, Guid userId, long amount)
    {
        await PublishToPaymentsAsync(new OrderConfirmed(orderId, userId, new Money(amount, "USD")) { OccurredAt = DateTimeOffset.UnixEpoch });
        await Eventually.UntilAsync(async () => await PaymentStatusAsync(orderId) == "Settled", "the payment settled");
    }

    /// <summary>What <c>GET /api/catalog/products/{id}</c> answers as available.</summary>
    public async Task<int> AvailableAsync(Guid product) =>
        (await CatalogHttp.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{product}")).GetProperty("available").GetInt32();

    /// <summary>The product's stock on hand and reserved, from the catalog's database.</summary>
    public async Task<(long OnHand, long Reserved)> StockAsync(Guid product)
    {
        var row = await RowAsync(CatalogDatabase, "SELECT OnHand, Reserved FROM products WHERE Id = $p", Upper(product));
        return ((long)row![0]!, (long)row[1]!);
    }

    /// <summary>The status of the order's reservation (Held, Confirmed, Released…), or null when there is none.</summary>
    public async Task<string?> ReservationStatusAsync(Guid orderId) =>
        (await RowAsync(CatalogDatabase, "SELECT Status FROM reservations WHERE TransactionId = $p", orderId.ToString()))?[0] as string;

    /// <summary>The user's balance, or null without an account.</summary>
    public async Task<long?> BalanceAsync(Guid userId) =>
        (await RowAsync(PaymentsDatabase, "SELECT Balance FROM accounts WHERE OwnerUserId = $p", Upper(userId)))?[0] as long?;

    /// <summary>The order's payment status (Captured, Declined, Settled, Refunded, NullCompensated), or null when payments never saw it.</summary>
    public async Task<string?> PaymentStatusAsync(Guid orderId) =>
        (await RowAsync(PaymentsDatabase, "SELECT Status FROM payments WHERE OrderId = $p", orderId.ToString()))?[0] as string;

    /// <summary>How many captures of <paramref name="orderId"/> the ledger holds, and their total (one capture is a debit and a credit).</summary>
    public async Task<(long Captures, long Amount)> CapturesAsync(Guid orderId)
    {
        var row = await RowAsync(
            PaymentsDatabase,
            "SELECT COUNT(*), COALESCE(SUM(Amount), 0) FROM ledger_entries WHERE Reference = $p AND Direction = 'Debit'",
            $"charge:{orderId}");
        return ((long)row![0]!, (long)row[1]!);
    }

    /// <summary>How many ledger entries refund <paramref name="orderId"/>.</summary>
    public async Task<long> RefundEntriesAsync(Guid orderId) =>
        (long)(await RowAsync(PaymentsDatabase, "SELECT COUNT(*) FROM ledger_entries WHERE Reference = $p", $"refund:{orderId}"))![0]!;

    private ValueTask PublishToPaymentsAsync(IntegrationEvent integrationEvent)
    {
        var name = EventTypes.NameOf(integrationEvent.GetType());
        return Payments.Context.GetEventTransport().PublishAsync(
            name,
            new EventEnvelope(integrationEvent.Id, name, integrationEvent.OccurredAt, EventTypes.Serialize(integrationEvent), null),
            CancellationToken.None);
    }

    private string CatalogDatabase => Path.Combine(Catalog.DataDirectory, CatalogModule.DatabaseFile);

    private string PaymentsDatabase => Path.Combine(Payments.DataDirectory, PaymentsModule.DatabaseFile);

    // EF Core keeps Guids as upper-case text on SQLite; transaction and order ids are the strings ordering sent.
    private static string Upper(Guid id) => id.ToString().ToUpperInvariant();

    private static async Task<object?[]?> RowAsync(string database, string sql, string parameter)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return values;
    }

    private static async Task ExecuteAsync(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }
}
