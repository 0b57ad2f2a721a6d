using System.Runtime.CompilerServices;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Application;
using Atrium.Ordering.Application.Saga;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.Clients;
using Atrium.Ordering.Infrastructure.ReadModel;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Ordering.Tests.Application;

/// <summary>
/// The ordering side of a saga, wired as <c>OrderingModule</c> wires it but without its web host: a real
/// <see cref="OrderingDbContext"/> on a SQLite file, the real gRPC clients (behind the duplicating decorators unless
/// told otherwise), and the <see cref="SagaRunner"/>. A second harness on the same file is the process after a restart.
/// </summary>
internal sealed class OrderingHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TempFolder? _ownFolder;
    private readonly StrongBox<int> _contextsOpened;

    private OrderingHarness(ServiceProvider services, string directory, TempFolder? ownFolder, StrongBox<int> contextsOpened)
    {
        _services = services;
        Directory = directory;
        _ownFolder = ownFolder;
        _contextsOpened = contextsOpened;
    }

    /// <summary>
    /// The folder holding <c>ordering.db</c>; pass it to <see cref="StartAsync"/> to reopen the database. Deleted on
    /// dispose only when this harness made it.
    /// </summary>
    public string Directory { get; }

    public SagaRunner Runner => _services.GetRequiredService<SagaRunner>();

    public SagaJournal Journal => _services.GetRequiredService<SagaJournal>();

    public OrderingOptions Options => _services.GetRequiredService<OrderingOptions>();

    /// <summary>The clock the journal and the runner read: the machine's unless <see cref="StartAsync"/> was given one.</summary>
    public TimeProvider Time => _services.GetRequiredService<TimeProvider>();

    /// <summary>
    /// How many <see cref="OrderingDbContext"/> scopes have opened their context so far: the journal opens one for each
    /// save, so a test sees its save begin.
    /// </summary>
    public int OrderingContextsOpened => Volatile.Read(ref _contextsOpened.Value);

    /// <summary>The ordering meter the runner and the journal record to.</summary>
    public OrderingMetrics Metrics => _services.GetRequiredService<OrderingMetrics>();

    /// <summary>The catalog client the runner calls.</summary>
    public ICatalogClient Catalog => _services.GetRequiredService<ICatalogClient>();

    /// <summary>The payments client the runner calls.</summary>
    public IPaymentsClient Payments => _services.GetRequiredService<IPaymentsClient>();

    /// <summary>
    /// Wires ordering against <paramref name="hosts"/>. <paramref name="configure"/> changes the options (a closed
    /// payments port, short delays); <paramref name="directory"/> reopens an earlier harness's database;
    /// <paramref name="time"/> is the clock of the journal and the runner (a fake one the test moves past a deadline);
    /// <paramref name="postgres"/> puts both of its contexts on that PostgreSQL database instead of SQLite files;
    /// <paramref name="catalog"/> wraps the catalog client (one that holds a call).
    /// </summary>
    public static async Task<OrderingHarness> StartAsync(
        SagaHostsFixture hosts, Action<OrderingOptions>? configure = null, string? directory = null, bool duplicate = true, TimeProvider? time = null,
        string? postgres = null, Func<ICatalogClient, ICatalogClient>? catalog = null)
    {
        var options = new OrderingOptions
        {
            CatalogAddress = hosts.Catalog.RpcAddress.ToString(),
            PaymentsAddress = hosts.Payments.RpcAddress.ToString(),
            // Nothing listens here: the runner never asks identity.
            IdentityAddress = $"http://127.0.0.1:{Atrium.Testing.FreePort.Next()}",
            Client = hosts.Client(),
            // The first call on a new h2c connection has taken over a second on a saturated machine; at the 2 s
            // default it came back Transient and a saga meant to finish in one run was left waiting to retry. No test
            // here needs this deadline to fire: every service made unreachable refuses the connection at once.
            CallTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        var ownFolder = directory is null ? new TempFolder() : null;
        var folder = directory ?? ownFolder!.Path;
        System.IO.Directory.CreateDirectory(folder);

        var services = new ServiceCollection();
        services.AddLogging();
        var contextsOpened = new StrongBox<int>();
        // On PostgreSQL both contexts share the one database, as in the module. On SQLite each file has its group
        // commit, held by this harness's container as a module's host holds it.
        var orders = $"Data Source={Path.Combine(folder, OrderingModule.DatabaseFile)}";
        var reads = $"Data Source={Path.Combine(folder, ReadModelDatabase.File)}";
        services.AddKeyedSingleton(orders, (_, _) => new SqliteGroupCommit(orders));
        services.AddKeyedSingleton(reads, (_, _) => new SqliteGroupCommit(reads));
        services.AddDbContext<OrderingDbContext>((sp, db) =>
        {
            // The options are built once per scope, as the scope resolves its context.
            Interlocked.Increment(ref contextsOpened.Value);
            _ = postgres is null
                ? db.UseAtriumSqlite(orders, sp.GetRequiredKeyedService<SqliteGroupCommit>(orders))
                : db.UseNpgsql(postgres);
        });
        services.AddDbContext<OrderReadDbContext>((sp, db) => _ = postgres is null
            ? db.UseAtriumSqlite(reads, sp.GetRequiredKeyedService<SqliteGroupCommit>(reads))
            : db.UseNpgsql(postgres));
        services.AddSingleton(options);
        services.AddSingleton(new LiveOptions<OrderingOptions>(options));
        services.AddSingleton(new OrderingMetrics());
        services.AddSingleton(time ?? TimeProvider.System);
        // As AddEventing registers it in the module: the outbox names and serializes the finished orders' events.
        services.AddSingleton(SharedEventTypes.Instance);
        services.AddSingleton(new ServiceTokenSource(new Uri(options.Client.TokenUrl), options.Client.Id, File.ReadAllText(options.Client.SecretFile).Trim()));
        services.AddSingleton<BranchChannels>();
        services.AddSingleton<BranchCall>();
        services.AddSingleton<GrpcCatalogClient>();
        services.AddSingleton<GrpcPaymentsClient>();
        services.AddSingleton<ICatalogClient>(sp =>
        {
            ICatalogClient client = duplicate
                ? new DuplicatingCatalogClient(sp.GetRequiredService<GrpcCatalogClient>())
                : sp.GetRequiredService<GrpcCatalogClient>();
            return catalog?.Invoke(client) ?? client;
        });
        services.AddSingleton<IPaymentsClient>(sp => duplicate
            ? new DuplicatingPaymentsClient(sp.GetRequiredService<GrpcPaymentsClient>())
            : sp.GetRequiredService<GrpcPaymentsClient>());
        services.AddSingleton<SagaJournalReport>();
        services.AddSingleton<SagaJournal>();
        services.AddSingleton<SagaRunner>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // The module's own start-up step: schema, WAL, read-model catch-up.
        await new OrderingSchema(provider.GetRequiredService<IServiceScopeFactory>(), NullLogger<OrderingSchema>.Instance).StartAsync(CancellationToken.None);
        return new OrderingHarness(provider, folder, ownFolder, contextsOpened);
    }

    /// <summary>
    /// Writes a Pending order and its saga in one save, as <c>OrderPlacement</c> does: a new saga unless
    /// <paramref name="saga"/> (for <paramref name="orderId"/>) is given.
    /// </summary>
    public async Task<Order> PlaceAsync(Guid userId, Guid product, int quantity, long unitPrice, OrderSaga? saga = null, Guid? orderId = null, string currency = "USD")
    {
        var now = Time.GetUtcNow();
        var order = Order.Place(orderId ?? Guid.CreateVersion7(now), userId, [new OrderLine(product, quantity, new Money(unitPrice, currency))], now);
        await UseDbAsync(async db =>
        {
            db.Orders.Add(order);
            db.Sagas.Add(saga ?? OrderSaga.Start(order.Id, now, Options.SagaTimeout));
            await db.SaveChangesAsync();
        });
        return order;
    }

    /// <summary>Moves the stored saga record as a runner records a step (one that got this far before it stopped).</summary>
    public Task MoveSagaAsync(Guid orderId, Action<OrderSaga> move) => UseDbAsync(async db =>
    {
        move(await db.Sagas.SingleAsync(s => s.OrderId == orderId));
        await db.SaveChangesAsync();
    });

    /// <summary>
    /// Makes the stored saga due now, as if its retry delay had passed, without counting an attempt or moving its
    /// version: the tests decide when a retry is due instead of sleeping through a delay short enough to run out
    /// before they have looked at the record.
    /// </summary>
    public Task MakeDueAsync(Guid orderId) => UseDbAsync(async db =>
    {
        var saga = await db.Sagas.SingleAsync(s => s.OrderId == orderId);
        db.Entry(saga).Property(s => s.NextAttemptAt).CurrentValue = Time.GetUtcNow();
        await db.SaveChangesAsync();
    });

    public Task RunAsync(Guid orderId) => Runner.RunAsync(orderId, CancellationToken.None);

    public Task<Order> OrderAsync(Guid orderId) => ReadAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId));

    public Task<OrderSaga> SagaAsync(Guid orderId) => ReadAsync(db => db.Sagas.AsNoTracking().SingleAsync(s => s.OrderId == orderId));

    /// <summary>How many events of <paramref name="type"/> the outbox holds (for every order).</summary>
    public Task<int> OutboxCountAsync(string type) => ReadAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Type == type));

    public async Task UseDbAsync(Func<OrderingDbContext, Task> work)
    {
        await using var scope = _services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
    }

    public async Task<T> ReadAsync<T>(Func<OrderingDbContext, Task<T>> read)
    {
        await using var scope = _services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _ownFolder?.Dispose();
    }
}
