using Atrium.Chassis.Data.Modules;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.OpenApi;
using Atrium.Contracts.Events;
using Atrium.Ordering.Api;
using Atrium.Ordering.Application;
using Atrium.Ordering.Application.Placement;
using Atrium.Ordering.Application.ReadModel;
using Atrium.Ordering.Application.Saga;
using Atrium.Ordering.Infrastructure;
using Atrium.Ordering.Infrastructure.Clients;
using Atrium.Ordering.Infrastructure.ReadModel;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Ordering;

/// <summary>The <c>ordering</c> module: orders, the order saga and its orchestrator, and the order read model.</summary>
public static class OrderingModule
{
    /// <summary>The SQLite file name inside <c>host.dataDirectory</c>.</summary>
    public const string DatabaseFile = "ordering.db";

    /// <summary>Wires the ordering module for <see cref="ModuleInit"/>.</summary>
    public static IModuleService Init(ModuleContext context)
    {
        var (options, builder) = ServiceModuleBuilder.Create<OrderingOptions, OrderingDbContext>(context, OrderingOptions.Section, DatabaseFile);
        var services = builder.Services;
        services.AddModuleDatabase<OrderReadDbContext>(
            context, options.Provider, ReadModelDatabase.ConnectionString(options.Provider, options.ConnectionString), ReadModelDatabase.File);
        services.AddSingleton(context.GetOrShare(() => new OrderingMetrics()));

        services.AddServiceTokenSource(context, options.Client, OrderingOptions.Section);
        services.AddSingleton<BranchChannels>();
        services.AddSingleton<BranchCall>();
        services.AddSingleton<GrpcIdentityClient>();
        services.AddSingleton<IIdentityClient, KnownUsersIdentityClient>();
        services.AddSingleton<GrpcCatalogClient>();
        services.AddSingleton<ICatalogClient, PriceCachingCatalogClient>();
        services.AddSingleton<IPaymentsClient, GrpcPaymentsClient>();

        services.AddScoped<OrderPlacement>();
        services.AddScoped<OrderQueries>();
        services.AddSingleton<OrderChanges>();
        services.AddSingleton<SagaJournalReport>();
        services.AddSingleton<SagaJournal>();
        services.AddSingleton<SagaRunner>();
        // Hosted services start in this order and stop in reverse: schema first; the read model's consumers start
        // before the relay that feeds them; the scheduler stops before the relay.
        services.AddHostedService<OrderingSchema>();
        services.AddEventSubscriptions<OrderReadDbContext>(context)
            .Subscribe<OrderPlaced, OrderViewProjector>(EventSubscriptions.OrderingReadModelPlaced)
            .Subscribe<OrderConfirmed, OrderViewProjector>(EventSubscriptions.OrderingReadModelConfirmed)
            .Subscribe<OrderCancelled, OrderViewProjector>(EventSubscriptions.OrderingReadModelCancelled);
        services.AddEventing<OrderingDbContext>(context);
        services.AddSingleton<SagaScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<SagaScheduler>());
        services.AddModuleOpenApi("ordering");
        services.AddScoped<SagaCompensations>();
        var sagas = Contracts.Ordering.V1.Sagas.Descriptor.FullName;
        services.AddAtriumGrpc(
            options.Grpc,
            options.Listen,
            new Dictionary<string, string> { [sagas] = ServiceScopes.OrderingSagasRead },
            sagas);
        return ModuleWebHost.Build(builder, app =>
        {
            app.MapOrderingEndpoints();
            app.MapModuleOpenApi("orders");
            app.MapGrpcService<SagasGrpcService>();
            app.MapAtriumGrpc();
        });
    }
}
