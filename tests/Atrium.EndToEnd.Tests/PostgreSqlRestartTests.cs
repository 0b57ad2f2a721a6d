using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// One process (<c>--target all</c>) with every service on a PostgreSQL server of the test's own, which is stopped
/// (<c>pg_ctl stop -m fast</c>) for 5 s amid an order storm and started again. While it is down every service's
/// <c>/readyz</c> names its database check and orders are refused with a problem; afterwards the services reconnect on
/// their own, every accepted order finishes, I1–I4 hold, every customer has an account and no event is lost or applied twice.
/// </summary>
[Collection(StormCollection.Name)]
public sealed class PostgreSqlRestartTests : IDisposable
{
    private const long Price = 100;
    private const int Stock = 150;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string> DatabaseChecks = new(StringComparer.Ordinal)
    {
        ["identity"] = "database:IdentityDbContext",
        ["catalog"] = "database:CatalogDbContext",
        ["payments"] = "database:PaymentsDbContext",
        ["ordering"] = "database:OrderingDbContext",
    };

    private readonly AtriumPorts _ports = AtriumPorts.Allocate();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private AtriumProcess? _process;

    [Fact]
    public async Task Run_PostgreSqlStopped5SecondsMidStorm_ReadinessShowsItAndEveryAcceptedOrderSettles()
    {
        // A server of this test's own: stopping the shared one would take it from the other tests.
        await using var postgres = await PostgresServer.StartNewAsync();
        var databases = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        _process = AtriumProcess.Run(AtriumConfig.Yaml(_ports, postgres: service => databases.GetOrAdd(service, postgres.NewDatabase)), "--target=all");
        await _process.WaitUntilReadyAsync(_http, [.. _ports.Services.Select(s => s.Port), _ports.Admin]);
        var api = new CommerceApi(_http, _ports.Gateway);
        var admin = await api.AdminTokenAsync();
        var product = await api.CreateProductAsync(admin, $"PGRESTART-{Guid.NewGuid():N}", Price, Stock);
        var users = await api.RegisterManyAsync("pgrestart", 8);
        await Ledger.AccountsOpenAsync(api, users, Settle);

        var accepted = new ConcurrentBag<(string Token, Guid OrderId)>();
        using var stop = new CancellationTokenSource();
        var storm = Task.WhenAll(users.Select(user => OrderStorm.RunAsync(api, user, product, accepted, stop.Token)));
        await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= 16), "orders to be accepted before the outage", Settle, _process.Transcript);

        await postgres.StopAsync();
        // The outage under test is five seconds long, counted from the moment the server is down.
        var outage = Task.Delay(Outage);
        await Task.WhenAll(_ports.Services.Select(s => WaitForDatabaseUnreadyAsync(s.Port, DatabaseChecks[s.Module])));
        await AssertOrderRefusedAsync(api, users[0], product);
        await outage;
        await postgres.StartAsync();

        var after = accepted.Count;
        await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= after + 16), "orders to be accepted after the outage", Settle, _process.Transcript);
        await stop.CancelAsync();
        await storm;

        // All of a storm's orders together: three times what one order is given.
        await api.WaitForAllFinalAsync([.. accepted], Settle * 3);

        // Customers registered after the outage get their accounts: identity's events flow again.
        var late = await api.RegisterManyAsync("pgrestart-late", 2);
        await Ledger.AccountsOpenAsync(api, late, Settle);
        var confirmed = await Ledger.VerifyAsync(api, admin, [.. users, .. late], product, Price, Stock, Settle, settled: true);
        confirmed.ShouldBeGreaterThan(0);
        await EventLedger.VerifyAsync([.. databases.Values], Settle);
        foreach (var port in (int[])[.. _ports.Services.Select(s => s.Port), _ports.Admin])
        {
            using var ready = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
            ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        }
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _process?.Dispose();
        _http.Dispose();
    }

    /// <summary>Polls the service's <c>/readyz</c> until it answers 503 with its database check among the failed.</summary>
    private async Task WaitForDatabaseUnreadyAsync(int port, string check)
    {
        string last = "";
        await Eventually.UntilAsync(async () =>
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
            last = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable
                && JsonNode.Parse(last)!["failed"]!.AsArray().Any(f => f!.GetValue<string>() == check);
        }, $"/readyz on {port} to name {check} while PostgreSQL is down", Settle, () => last);
    }

    /// <summary>An order placed while the database is down is refused at once with a problem naming a stable code.</summary>
    private static async Task AssertOrderRefusedAsync(CommerceApi api, string token, Guid product)
    {
        using var response = await api.PlaceOrderAsync(token, Guid.NewGuid().ToString(), (product, 1));
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(503, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        // The service refuses it as not ready; once enough of the storm's placements have been refused, the gateway's
        // breaker opens in front of it and refuses at the edge instead: either is an immediate, named refusal.
        JsonNode.Parse(body)!["code"]!.GetValue<string>().ShouldBeOneOf("NOT_READY", "CIRCUIT_OPEN");
    }
}
