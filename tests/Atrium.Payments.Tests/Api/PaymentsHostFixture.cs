using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Atrium.Contracts.Payments.V1;
using Atrium.Identity;
using Atrium.Ordering;
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
/// A real identity module (the token issuer, with a known admin password), a real ordering module (whose sagas payments
/// asks about before it refunds a capture) and a real payments module on loopback, each with its own process context
/// as when they run apart; a bridge carries identity's <c>UserRegistered</c> events to the payments transport. Helpers call the gRPC API through the generated client on one grpc-dotnet channel and
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
    public SkippableClock IdentityClock { get; } = new();

    public ModuleTestHost Payments { get; private set; } = null!;

    /// <summary>Ordering: its saga records, written by <see cref="SagaAsync"/>, answer payments' question before a refund.</summary>
    public ModuleTestHost Ordering { get; private set; } = null!;

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
        Identity = await AdminPasswordVariable.WithAsync(
            AdminPassword, () => ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, time: IdentityClock));

        var auth = TestServiceTokens.AuthYaml(Identity);
        var tokenUrl = TestServiceTokens.TokenUrl(Identity);
        Ordering = await ModuleTestHost.StartAsync<OrderingOptions>(
            OrderingOptions.Section,
            OrderingModule.Init,
            $"{auth}\nclient:\n  secretFile: \"{TestServiceTokens.SecretFile(Identity)}\"\n  tokenUrl: \"{tokenUrl}\"",
            rpc: true);
        Payments = await StartPaymentsAsync(Ordering.RpcAddress);
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
        await Ordering.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>
    /// Starts a payments module on the fixture's store that trusts <see cref="Identity"/> and asks the ordering at
    /// <paramref name="ordering"/> before it refunds a capture; the caller disposes it.
    /// </summary>
    /// <remarks>
    /// Its calls to ordering get 30 s, not the default 1 s: a hundred refunds asking at once on a busy machine took
    /// longer than a second, and the refunds answered UNAVAILABLE (as they should), which these tests do not test. The
    /// deadline itself is tested with a host of its own (<c>PaymentsOptionsReloadTests</c>).
    /// </remarks>
    public Task<ModuleTestHost> StartPaymentsAsync(Uri ordering) =>
        ModuleTestHost.StartAsync<PaymentsOptions>(PaymentsOptions.Section, PaymentsModule.Init, PaymentsSection(ordering) + "callTimeout: 30s\n", rpc: true);

    /// <summary>The body of the <c>payments</c> section <see cref="StartPaymentsAsync"/> starts with.</summary>
    public string PaymentsSection(Uri ordering)
    {
        var database = PostgresConnectionString is null ? "" : $"\nprovider: postgresql\nconnectionString: \"{PostgresConnectionString}\"";
        return $"{TestServiceTokens.AuthYaml(Identity)}\nclient:\n  secretFile: \"{Path.Combine(Identity.DataDirectory, "service-secrets", "payments")}\"\n"
            + $"  tokenUrl: \"{TestServiceTokens.TokenUrl(Identity)}\"\norderingAddress: \"{ordering}\"" + database + "\n";
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
    public ValueTask PublishAsync(IntegrationEvent integrationEvent, ModuleTestHost? host = null)
    {
        var name = EventTypes.NameOf(integrationEvent.GetType());
        return (host ?? Payments).Context.GetEventTransport().PublishAsync(
            name,
            new EventEnvelope(integrationEvent.Id, name, integrationEvent.OccurredAt, EventTypes.Serialize(integrationEvent), null),
            CancellationToken.None);
    }

    /// <summary>Delivers ordering's <c>OrderConfirmed</c> for <paramref name="orderId"/> and waits until payments has consumed it.</summary>
    public async Task<OrderConfirmed> ConfirmAsync(Guid orderId, Guid userId, long amount)
    {
        var confirmed = new OrderConfirmed(orderId, userId, new Money(amount, "USD")) { OccurredAt = DateTimeOffset.UnixEpoch };
        await PublishAsync(confirmed);
        await Eventually.UntilAsync(async () => await InboxAsync(confirmed.Id) == 1, "the confirmation is handled");
        return confirmed;
    }

    /// <summary>How many inbox rows payments holds for the message (1 once it is consumed, whatever the redeliveries).</summary>
    public Task<long> InboxAsync(Guid messageId) =>
        CountAsync("SELECT COUNT(*) FROM inbox_messages WHERE \"MessageId\" = @p", messageId);

    /// <summary>The payment's status straight from the database, or null without one.</summary>
    public async Task<string?> PaymentStatusAsync(string orderId, ModuleTestHost? host = null) =>
        await ScalarAsync("SELECT \"Status\" FROM payments WHERE \"OrderId\" = @p", orderId, host) as string;

    /// <summary>A user with an opened account (announced straight to payments, without identity).</summary>
    public async Task<Guid> NewUserAsync(ModuleTestHost? host = null)
    {
        var userId = Guid.NewGuid();
        await PublishAsync(new UserRegistered(userId, $"u-{userId:N}@example.com") { OccurredAt = DateTimeOffset.UnixEpoch }, host);
        await Eventually.UntilAsync(async () => await BalanceAsync(userId, host) is not null, "the account is opened");
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
    public async Task<long?> BalanceAsync(Guid userId, ModuleTestHost? host = null) =>
        await ScalarAsync("SELECT \"Balance\" FROM accounts WHERE \"OwnerUserId\" = @p", userId, host) is long balance ? balance : null;

    /// <summary>
    /// Writes the saga record of each of <paramref name="orderIds"/> into ordering's database at <paramref name="step"/>
    /// with <paramref name="reason"/>, as ordering's runner saves it, never due again so that ordering's scheduler
    /// leaves it alone.
    /// </summary>
    public async Task SagaAsync(string step, string? reason, params Guid[] orderIds)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Ordering.DataDirectory, OrderingModule.DatabaseFile)};Default Timeout=30");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow.UtcTicks;
        foreach (var orderId in orderIds)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText =
                "INSERT INTO order_sagas (OrderId, Step, Reason, Attempts, NextAttemptAt, Deadline, StartedAt, UpdatedAt) "
                + "VALUES ($id, $step, $reason, 0, $never, $now, $now, $now)";
            command.Parameters.AddWithValue("$id", orderId.ToString().ToUpperInvariant());
            command.Parameters.AddWithValue("$step", step);
            command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            command.Parameters.AddWithValue("$never", DateTimeOffset.MaxValue.UtcTicks);
            command.Parameters.AddWithValue("$now", now);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>A fresh order id whose saga ordering reports compensating (at Refund after a refused confirm).</summary>
    public async Task<string> CompensatingOrderAsync()
    {
        var orderId = Guid.NewGuid();
        await SagaAsync("Refund", "OUT_OF_STOCK", orderId);
        return orderId.ToString();
    }

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

    private async Task<object?> ScalarAsync(string sql, object parameter, ModuleTestHost? host = null)
    {
        await using var connection = await OpenAsync(host);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, parameter);
        return await command.ExecuteScalarAsync();
    }

    private async Task<DbConnection> OpenAsync(ModuleTestHost? host = null)
    {
        DbConnection connection = PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine((host ?? Payments).DataDirectory, PaymentsModule.DatabaseFile)};Default Timeout=30");
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
