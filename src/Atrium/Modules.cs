using Atrium.Catalog;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Atrium.Contracts.Events;
using Atrium.Gateway;
using Atrium.Gateway.Wasm;
using Atrium.Identity;
using Atrium.Ordering;
using Atrium.Payments;

namespace Atrium;

/// <summary>
/// Every module this executable can run: its name, its init function, what it depends on and whether it can be a
/// target; and the config section each one reads. The only place that knows how the modules fit together.
/// </summary>
internal static class Modules
{
    public const string All = "all";
    public const string RuntimeConfig = "runtime-config";
    public const string Eventing = "eventing";
    public const string AdminToken = "admin-token";
    public const string Gateway = "gateway";
    public const string Identity = "identity";
    public const string Catalog = "catalog";
    public const string Payments = "payments";
    public const string Ordering = "ordering";

    /// <summary>What <c>run</c> starts without <c>--target</c>.</summary>
    public const string DefaultTarget = All;

    public static ModuleRegistry CreateRegistry() => new ModuleRegistry()
        .Register(RuntimeConfig, "watches the config file and applies reloadable sections", InitRuntimeConfig, ModuleVisibility.Internal)
        // Shares the admin token before any module builds a listener: each serves the process's diagnostics behind it.
        .Register(AdminToken, "the admin token that guards the process's diagnostics on every listener", GatewayModule.ShareAdminToken, ModuleVisibility.Internal, RuntimeConfig)
        // Shares the process's event transport (eventing.transport) before the first module that publishes or consumes
        // events initializes, and stops after the last.
        .Register(Eventing, "the process's event transport: in-process, or one RabbitMQ connection", EventTransportModule.Init, ModuleVisibility.Internal, RuntimeConfig)
        .Register(Identity, "users, tokens, JWKS, roles", IdentityModule.Init, ModuleVisibility.Public, RuntimeConfig, AdminToken, Eventing)
        .Register(Catalog, "products, stock, TCC reservations", CatalogModule.Init, ModuleVisibility.Public, RuntimeConfig, AdminToken)
        .Register(Payments, "accounts, ledger, charges, refunds", PaymentsModule.Init, ModuleVisibility.Public, RuntimeConfig, AdminToken, Eventing)
        .Register(Ordering, "orders, saga orchestrator, read model", OrderingModule.Init, ModuleVisibility.Public, RuntimeConfig, AdminToken, Eventing)
        .Register(Gateway, "edge API gateway and its admin API", GatewayModule.Init, ModuleVisibility.Public, RuntimeConfig, AdminToken)
        // The gateway comes last so that it starts after the services it routes to and stops first, draining the edge.
        .Register(All, "every module in one process (the default)", null, ModuleVisibility.Public, Identity, Catalog, Payments, Ordering, Gateway);

    /// <summary>Shares what the modules expect from the executable with them, before the first one initializes.</summary>
    public static void ShareWith(ModuleContext context) => context.Share(CreateEventTypes());

    /// <summary>The system's events and subscriptions, shared with eventing before the first module initializes.</summary>
    public static IEventTypeRegistry CreateEventTypes() =>
        new EventTypeRegistry(EventTypes.All, IntegrationEventJsonContext.Default, EventSubscriptions.All);

    public static ConfigSchema CreateConfigSchema()
    {
        // Before any config is read: validating the gateway section loads its WASM plugins. atrium-gateway (Native
        // AOT) has no plugin runtime and refuses plugins with PLUGIN_HOST_UNAVAILABLE.
        WasmPlugins.Enable();
        return new ConfigSchema()
            .Add<AtriumHostOptions>(AtriumHostOptions.Section)
            .Add<ConfigCenterOptions>(ConfigCenterOptions.Section)
            .Add<TelemetryOptions>(TelemetryOptions.Section)
            .Add<LoggingOptions>(LoggingOptions.Section, reloadable: true)
            .Add<EventingOptions>(EventingOptions.Section)
            .AddGatewaySection()
            .Add<IdentityOptions>(IdentityOptions.Section)
            .Add<CatalogOptions>(CatalogOptions.Section)
            .Add<PaymentsOptions>(PaymentsOptions.Section)
            .Add<OrderingOptions>(OrderingOptions.Section);
    }

    /// <summary>
    /// Whether every module in <paramref name="targets"/> is fully asynchronous, so socket completions may run inline.
    /// Only the gateway is today; the services call SQLite, whose driver blocks.
    /// </summary>
    public static bool AreFullyAsync(IReadOnlyCollection<string> targets) => targets.Count > 0 && targets.All(t => t == Gateway);

    private static IModuleService InitRuntimeConfig(ModuleContext context) => new ConfigWatcherService(context.Get<ConfigStore>());
}
