using System.Collections.Concurrent;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// Atrium distributed (<see cref="SplitTopology"/>): five processes, every service on a PostgreSQL database of its own,
/// events over a real RabbitMQ node, internal calls with service tokens. Order storms with and without faults: a
/// payments process killed mid-storm, the broker stopped for 10 s mid-storm. Every accepted order finishes, no event is
/// lost (every customer gets an account, every confirmed order's payment settles) and none is applied twice (every
/// balance is exact). And the gateway's dashboard showing an order's end from the services' /metrics.
/// </summary>
[Collection(StormCollection.Name)]
public sealed class SplitTopologyTests : IAsyncLifetime
{
    private const long Price = 100;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, string> _databases = new(StringComparer.Ordinal);
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.Shared;

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Run_200ConcurrentOrdersForStock50From40Customers_ExactlyTheStockIsConfirmedAndEveryCustomerHasAnAccount()
    {
        var broker = await RabbitMqServer.Shared;
        using var topology = await SplitTopology.StartAsync(_http, broker.NewVirtualHost().Uri, Databases);
        var api = new CommerceApi(_http, topology.Ports.Gateway);
        var admin = await api.AdminTokenAsync();
        var product = await api.CreateProductAsync(admin, $"SPLIT-{Guid.NewGuid():N}", Price, stock: 50);
        var users = await api.RegisterManyAsync("split", 40);
        await Ledger.AccountsOpenAsync(api, users, Settle);

        var placed = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => api.PlaceOrderAcceptedAsync(users[i % users.Length], (product, 1))));
        await api.WaitForAllFinalAsync([.. placed.Select((id, i) => (users[i % users.Length], id))], Settle);

        var confirmed = await Ledger.VerifyAsync(api, admin, users, product, Price, stock: 50, Settle, settled: true);
        confirmed.ShouldBe(50, topology.Transcript());
    }

    [Fact]
    public async Task Dashboard_OrderPlacedInSplitTopology_OrdersViewSummedFromTheServicesMetrics()
    {
        var broker = await RabbitMqServer.Shared;
        using var topology = await SplitTopology.StartAsync(_http, broker.NewVirtualHost().Uri, Databases);
        var api = new CommerceApi(_http, topology.Ports.Gateway);
        var (_, product, users) = await PrepareAsync(api, stock: 1);
        var order = await api.PlaceOrderAcceptedAsync(users[0], (product, 1));
        var final = await api.WaitForFinalAsync(users[0], order, Settle);

        var state = new Uri($"http://127.0.0.1:{topology.Ports.Admin}/admin/dashboard/state");
        var token = topology.GatewayAdminToken();
        var orders = await Eventually.ValueAsync(async () =>
        {
            using var ask = new HttpRequestMessage(HttpMethod.Get, state);
            ask.Headers.Authorization = new("Bearer", token);
            using var answer = await _http.SendAsync(ask);
            var view = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["orders"]!;
            var finished = view["confirmed"]!.GetValue<long>() + view["cancellations"]!.AsArray().Sum(c => c!["count"]!.GetValue<long>());
            return finished == 1 ? view : null;
        }, "the order's end in the dashboard's orders view", Settle);

        orders["inProcess"]!.GetValue<bool>().ShouldBeFalse();
        orders["sources"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()).ShouldAllBe(s => s == "read", topology.Transcript());
        orders["steps"]!.AsArray().ShouldContain(s => s!["step"]!.GetValue<string>() == "Reserve");
        (final["status"]!.GetValue<string>() == "Confirmed").ShouldBe(orders["confirmed"]!.GetValue<long>() == 1);
    }

    [Fact]
    public async Task Run_PaymentsKilledMidStormAndRestarted_EveryAcceptedOrderSettlesAndMoneyAddsUp()
    {
        var broker = await RabbitMqServer.Shared;
        using var topology = await SplitTopology.StartAsync(_http, broker.NewVirtualHost().Uri, Databases);
        var api = new CommerceApi(_http, topology.Ports.Gateway);
        var (admin, product, users) = await PrepareAsync(api, stock: 150);

        var accepted = await StormAroundAsync(api, users, product, async () =>
        {
            topology.Crash("payments");
            await topology.StartTargetAsync("payments");
        });

        // Customers registered while payments was down get their accounts from the events it missed.
        var late = await api.RegisterManyAsync("split-late", 4);
        await Ledger.AccountsOpenAsync(api, late, Settle);
        await FinishAsync(api, admin, users, product, stock: 150, accepted);
    }

    [Fact]
    public async Task Run_BrokerStopped10SecondsMidStorm_EveryAcceptedOrderSettlesAndNoEventIsLost()
    {
        // A node of this test's own: stopping the shared one would take it from the other tests.
        await using var broker = await RabbitMqServer.StartNewAsync();
        using var topology = await SplitTopology.StartAsync(_http, broker.NewVirtualHost().Uri, Databases);
        var api = new CommerceApi(_http, topology.Ports.Gateway);
        var (admin, product, users) = await PrepareAsync(api, stock: 150);

        string[] registeredDuringOutage = [];
        var accepted = await StormAroundAsync(api, users, product, async () =>
        {
            await broker.StopAsync();
            // The outage under test is ten seconds long: long enough for every publisher and consumer to notice and
            // reconnect, and for the outboxes to fill. Registrations meanwhile are answered and their events kept.
            var outage = Task.Delay(TimeSpan.FromSeconds(10));
            registeredDuringOutage = await api.RegisterManyAsync("split-outage", 4);
            await outage;
            await broker.StartAsync();
        });

        await Ledger.AccountsOpenAsync(api, registeredDuringOutage, Settle);
        await FinishAsync(api, admin, users, product, stock: 150, accepted);
    }

    private string Databases(string service) => _databases.GetOrAdd(service, _postgres.NewDatabase);

    private static async Task<(string Admin, Guid Product, string[] Users)> PrepareAsync(CommerceApi api, int stock)
    {
        var admin = await api.AdminTokenAsync();
        var product = await api.CreateProductAsync(admin, $"SPLIT-{Guid.NewGuid():N}", Price, stock);
        var users = await api.RegisterManyAsync("split", 8);
        await Ledger.AccountsOpenAsync(api, users, Settle);
        return (admin, product, users);
    }

    /// <summary>Places orders from every user until <paramref name="fault"/> has run amid a storm worth the name; returns the accepted ones.</summary>
    private static async Task<IReadOnlyList<(string Token, Guid OrderId)>> StormAroundAsync(CommerceApi api, string[] users, Guid product, Func<Task> fault)
    {
        var accepted = new ConcurrentBag<(string Token, Guid OrderId)>();
        using var stop = new CancellationTokenSource();
        var storm = Task.WhenAll(users.Select(user => OrderStorm.RunAsync(api, user, product, accepted, stop.Token)));
        await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= 16), "orders to be accepted before the fault", Settle);
        await fault();
        var after = accepted.Count;
        await Eventually.UntilAsync(() => Task.FromResult(accepted.Count >= after + 16), "orders to be accepted after the fault", Settle);
        await stop.CancelAsync();
        await storm;
        return [.. accepted];
    }

    private static async Task FinishAsync(CommerceApi api, string admin, string[] users, Guid product, int stock, IReadOnlyList<(string Token, Guid OrderId)> accepted)
    {
        // All of a storm's orders together: three times what one order is given.
        await api.WaitForAllFinalAsync(accepted, Settle * 3);
        var confirmed = await Ledger.VerifyAsync(api, admin, users, product, Price, stock, Settle, settled: true);
        confirmed.ShouldBeGreaterThan(0);
    }
}
