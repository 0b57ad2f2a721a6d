using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Chassis.Eventing;
using Atrium.Contracts.Events;
using Atrium.Contracts.Payments.V1;
using Atrium.Identity;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Npgsql;
using CommonMoney = Atrium.Contracts.Common.V1.Money;
using PaymentsClient = Atrium.Contracts.Payments.V1.Payments.PaymentsClient;

namespace Atrium.Payments.Tests.Api;

/// <summary>
/// A real identity module (the token issuer, with a known admin password) and a real payments module on loopback,
/// each with its own process context as when they run apart; a bridge carries identity's <c>UserRegistered</c> events
/// to the payments transport. Helpers call the gRPC API through the generated client on one grpc-dotnet channel and
/// read the books, on the module's SQLite file or (<see cref="PaymentsOnPostgreSqlFixture"/>) its PostgreSQL database.
/// </summary>
public class PaymentsHostFixture : IAsyncLifetime
{
    public const string AdminPassword = "payments-tests-admin";
    public const long StartingBalance = 100_000;

    private IEventSubscription _bridge = null!;
    private GrpcChannel _channel = null!;

    public ModuleTestHost Identity { get; private set; } = null!;

    /// <summary>Identity's clock: a test moves it back to have identity issue tokens that are expired already.</summary>
    public ShiftedClock IdentityClock { get; } = new(TimeSpan.Zero);

    public ModuleTestHost Payments { get; private set; } = null!;

    /// <summary>Service tokens for identity's default client (every scope), as ordering has them; on <see cref="Rpc"/>'s channel.</summary>
    public ServiceTokenSource Tokens { get; private set; } = null!;

    /// <summary>
    /// The fixture's one channel to the payments h2c listener, with the interceptors the modules call through; for
    /// services other than payments' own.
    /// </summary>
    public CallInvoker Invoker { get; private set; } = null!;

    /// <summary>The generated <c>atrium.payments.v1.Payments</c> client on <see cref="Invoker"/>.</summary>
    public PaymentsClient Rpc { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    /// <summary>The payments module's PostgreSQL database when the fixture runs it there; null on its SQLite file.</summary>
    public string? PostgresConnectionString { get; protected set; }

    /// <summary>Runs before the modules start (to make a database for payments, say).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        Environment.SetEnvironmentVariable("ATRIUM_ADMIN_PASSWORD", AdminPassword);
        try
        {
            Identity = await ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, time: IdentityClock);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATRIUM_ADMIN_PASSWORD", null);
        }

        var database = PostgresConnectionString is null ? "" : $"\nprovider: postgresql\nconnectionString: \"{PostgresConnectionString}\"";
        Payments = await ModuleTestHost.StartAsync<PaymentsOptions>(
            PaymentsOptions.Section, PaymentsModule.Init, $"auth:\n  jwksUrl: \"{Identity.Address}.well-known/jwks.json\"" + database, rpc: true);
        var target = Payments.Context.GetEventTransport();
        _bridge = await Identity.Context.GetEventTransport().SubscribeAsync(
            EventTypes.UserRegistered, "payments-tests.bridge", (envelope, ct) => target.PublishAsync(EventTypes.UserRegistered, envelope, ct), CancellationToken.None);
        Tokens = TestServiceTokens.Source(Identity);
        _channel = TestServiceTokens.Channel(Payments, Tokens, ServiceScopes.Payments);
        Invoker = _channel.CreateInvoker();
        Rpc = new PaymentsClient(Invoker);
        Client = Payments.Client();
        AdminToken = await SignInAsync("admin@atrium.local", AdminPassword);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        _channel.Dispose();
        Tokens.Dispose();
        await _bridge.DisposeAsync();
        await Payments.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>Registers and signs in a user through identity's HTTP API; the access token.</summary>
    public async Task<string> RegisterAsync(string email, string password = "correct horse battery")
    {
        using var identity = Identity.Client();
        using var registered = await identity.PostAsJsonAsync("/api/identity/users", new { email, password });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        return await SignInAsync(email, password);
    }

    public async Task<string> SignInAsync(string email, string password)
    {
        using var identity = Identity.Client();
        using var response = await identity.PostAsJsonAsync("/api/identity/token", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>GETs <paramref name="path"/> from payments with <paramref name="token"/> (none when null).</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>The admin summary of the books.</summary>
    public async Task<JsonElement> SummaryAsync()
    {
        using var response = await GetAsync("/api/payments/summary", AdminToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Delivers <paramref name="integrationEvent"/> to payments as its publisher's relay would (identity's, ordering's).</summary>
    public ValueTask PublishAsync(IntegrationEvent integrationEvent)
    {
        var name = EventTypes.NameOf(integrationEvent.GetType());
        return Payments.Context.GetEventTransport().PublishAsync(
            name,
            new EventEnvelope(integrationEvent.Id, name, integrationEvent.OccurredAt, EventTypes.Serialize(integrationEvent), null),
            CancellationToken.None);
    }

    /// <summary>Delivers ordering's <c>OrderConfirmed</c> for <paramref name="orderId"/> and waits until payments has consumed it.</summary>
    public async Task<OrderConfirmed> ConfirmAsync(Guid orderId, Guid userId, long amount)
    {
        var confirmed = new OrderConfirmed(orderId, userId, new Money(amount, "USD")) { OccurredAt = DateTimeOffset.UnixEpoch };
        await PublishAsync(confirmed);
        await EventuallyAsync(async () => await InboxAsync(confirmed.Id) == 1);
        return confirmed;
    }

    /// <summary>How many inbox rows payments holds for the message (1 once it is consumed, whatever the redeliveries).</summary>
    public Task<long> InboxAsync(Guid messageId) =>
        CountAsync("SELECT COUNT(*) FROM inbox_messages WHERE \"MessageId\" = @p", messageId);

    /// <summary>The payment's status straight from the database, or null without one.</summary>
    public async Task<string?> PaymentStatusAsync(string orderId) =>
        await ScalarAsync("SELECT \"Status\" FROM payments WHERE \"OrderId\" = @p", orderId) as string;

    /// <summary>A user with an opened account (announced straight to payments, without identity).</summary>
    public async Task<Guid> NewUserAsync()
    {
        var userId = Guid.NewGuid();
        await PublishAsync(new UserRegistered(userId, $"u-{userId:N}@example.com") { OccurredAt = DateTimeOffset.UnixEpoch });
        await EventuallyAsync(async () => await BalanceAsync(userId) is not null);
        return userId;
    }

    public Task<PaymentReply> ChargeAsync(string orderId, Guid userId, long amount, string currency = "USD") =>
        Rpc.ChargeAsync(new ChargeRequest
        {
            OrderId = orderId,
            UserId = userId.ToString(),
            Amount = new CommonMoney { Amount = amount, Currency = currency },
        }).ResponseAsync;

    public Task<PaymentReply> RefundAsync(string orderId) =>
        Rpc.RefundAsync(new RefundRequest { OrderId = orderId }).ResponseAsync;

    /// <summary>The user's balance straight from the database, or null without an account.</summary>
    public async Task<long?> BalanceAsync(Guid userId) =>
        await ScalarAsync("SELECT \"Balance\" FROM accounts WHERE \"OwnerUserId\" = @p", userId) is long balance ? balance : null;

    /// <summary>A fresh order id.</summary>
    public static string NewOrder() => "order-" + Guid.NewGuid().ToString("N");

    /// <summary>How many ledger entries carry <paramref name="reference"/> (<c>charge:ORDER</c>, <c>refund:ORDER</c>).</summary>
    public Task<long> LedgerEntriesAsync(string reference) => CountAsync("SELECT COUNT(*) FROM ledger_entries WHERE \"Reference\" = @p", reference);

    /// <summary>
    /// The merchant sub-account credited by each capture whose reference starts with <paramref name="prefix"/>
    /// (<c>charge:</c> and the start of the order ids), by order id.
    /// </summary>
    public async Task<Dictionary<string, Guid>> MerchantCreditsAsync(string prefix)
    {
        var credits = new Dictionary<string, Guid>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Reference\", \"AccountId\" FROM ledger_entries WHERE \"Direction\" = 'Credit' AND \"Reference\" LIKE @p";
        AddParameter(command, prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            credits.Add(reader.GetString(0)["charge:".Length..], reader.GetFieldValue<Guid>(1));
        }

        return credits;
    }

    /// <summary>The first column of every row <paramref name="sql"/> reads, as integers (same parameter rules as <see cref="CountAsync"/>).</summary>
    public async Task<List<long>> IntegersAsync(string sql, object parameter)
    {
        var values = new List<long>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, parameter);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    /// <summary>How many rows <paramref name="sql"/> counts: one <c>@p</c> parameter, identifiers double-quoted, so both stores read it.</summary>
    public async Task<long> CountAsync(string sql, object parameter) => (long)(await ScalarAsync(sql, parameter))!;

    public static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(15), "the condition never held");
            await Task.Delay(20);
        }
    }

    private async Task<object?> ScalarAsync(string sql, object parameter)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, parameter);
        return await command.ExecuteScalarAsync();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(Payments.DataDirectory, PaymentsModule.DatabaseFile)};Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }

    // EF Core keeps a Guid as upper-case text on SQLite and as uuid on PostgreSQL.
    private void AddParameter(DbCommand command, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "p";
        parameter.Value = value is Guid id && PostgresConnectionString is null ? id.ToString().ToUpperInvariant() : value;
        command.Parameters.Add(parameter);
    }
}
