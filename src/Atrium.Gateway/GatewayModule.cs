using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Security;
using Atrium.Gateway.Admin;
using Atrium.Gateway.Admin.Dashboard;
using Atrium.Gateway.Aggregation;
using Atrium.Gateway.Authorization;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Health;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Resilience;
using Atrium.Gateway.RateLimiting;
using Atrium.Gateway.Runtime;
using Atrium.Gateway.Security;
using Atrium.Gateway.Telemetry;
using Atrium.Gateway.Tls;
using Atrium.Gateway.Traffic;
using Atrium.Gateway.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway;

/// <summary>The <c>gateway</c> module: the public proxy listener and the admin API, each on its own listener.</summary>
public static class GatewayModule
{
    /// <summary>The module name and the <c>service</c> in its logs.</summary>
    public const string Name = "gateway";

    /// <summary>
    /// Registers the <c>gateway</c> section (<see cref="GatewayOptions"/>, reloadable) in <paramref name="schema"/>,
    /// with the rules that need the runtime (path and host patterns, loadable keys, rules across routes and clusters)
    /// as the section's validator: the records validate only their own fields.
    /// </summary>
    /// <param name="schema">The executable's config schema.</param>
    /// <returns><paramref name="schema"/>, for chaining.</returns>
    public static ConfigSchema AddGatewaySection(this ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Add<GatewayOptions>(GatewayOptions.Section, GatewayOptionsValidator.Validate, reloadable: true);
    }

    /// <summary>Wires the gateway for <see cref="ModuleInit"/>.</summary>
    public static IModuleService Init(ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Get<ConfigStore>().Current.Get<GatewayOptions>(GatewayOptions.Section);
        // First, so that a token file that cannot be used fails the start before any listener is built.
        var token = ResolveAdminToken(context, options);

        // Kestrel asks for the handshake callback while binding, before the container that builds ServerTls exists.
        ServerTls? tls = null;
        var proxyBuilder = ModuleWebHost.CreateBuilder(context, Name, options.Listen, (address, listen) => listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = handshake => tls!.OnConnection(handshake),
            OnConnectionState = address,
            HandshakeTimeout = options.Limits.RequestHeadersTimeout,
        }));
        ConfigureLimits(proxyBuilder, options.Limits);
        AddProxy(proxyBuilder.Services);
        var adminBuilder = ModuleWebHost.CreateBuilder(context, Name, options.Admin.Listen);
        var proxy = ModuleWebHost.Build(proxyBuilder, app =>
        {
            // The admin API shows the proxy's live runtime, so it gets the instance the proxy's container made.
            adminBuilder.Services.AddSingleton(app.Services.GetRequiredService<GatewayRuntime>());
            tls = app.Services.GetRequiredService<ServerTls>();
            var handler = app.Services.GetRequiredService<GatewayRequestHandler>();
            app.Run(handler.InvokeAsync);
        }, mapChassisEndpoints: false);

        adminBuilder.Services.AddGatewayDashboard(token);
        adminBuilder.Services.AddSingleton(sp => new AdminGuard(
            token, sp.GetRequiredService<DashboardSessions>(), options.Admin.AllowedHosts, sp.GetRequiredService<ILogger<AdminGuard>>()));
        // The admin listener's /readyz is the process's: unready until the keys of JWT routes are in.
        adminBuilder.Services.AddHealthChecks().AddCheck<Runtime.SigningKeysHealthCheck>(SigningKeysReadiness.Name, timeout: SigningKeysReadiness.Timeout)
            .AddCheck<Runtime.RateLimitStoreHealthCheck>(Runtime.RateLimitStoreHealthCheck.Name);
        var admin = ModuleWebHost.Build(adminBuilder, app =>
        {
            var guard = app.Services.GetRequiredService<AdminGuard>();
            app.Use(guard.InvokeAsync);
            app.MapGatewayAdmin();
        });

        // Admin first so that it can report on a proxy that is starting; the proxy stops (drains) first.
        return new CompositeModuleService([admin, proxy]);
    }

    /// <summary>
    /// Resolves the admin token (<c>gateway.admin.token</c>, <c>tokenFile</c>, or the generated file) and shares it
    /// with the process's modules, whose listeners serve the process's diagnostics behind it: registered before every
    /// module, so that a process without the gateway (<c>--target=ordering</c>) serves them too.
    /// </summary>
    public static IModuleService? ShareAdminToken(ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ResolveAdminToken(context, context.Get<ConfigStore>().Current.Get<GatewayOptions>(GatewayOptions.Section));
        return null;
    }

    private static AdminToken ResolveAdminToken(ModuleContext context, GatewayOptions options) => context.GetOrShare(() =>
        AdminTokenSource.Resolve(options.Admin, () => ModuleData.Directory(context), context.LoggerFactory.CreateLogger("Atrium.Gateway.Admin")));

    private static void AddProxy(IServiceCollection services)
    {
        services.AddSingleton<TlsMetrics>();
        services.AddSingleton<ServerTls>();
        services.AddSingleton<HttpForwarder>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<AccessLog>();
        // The categories are the namespaces of the folders whose types log through them, as when each created its own.
        services.AddSingleton(sp => new ClusterServices(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PassiveHealthMonitor).Namespace!),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CircuitBreakerStage).Namespace!)));
        services.AddSingleton<PolicyMetrics>();
        services.AddSingleton<RateLimitStoreMetrics>();
        services.AddSingleton<LlmMetrics>();
        services.AddSingleton<PluginMetrics>();
        services.AddSingleton<ConcurrencyGate>();
        services.AddSingleton<PolicyCompiler>();
        services.AddSingleton(sp => new ProxyPipeline(
        [
            new GlobalConcurrencyLimitStage(sp.GetRequiredService<ConcurrencyGate>(), sp.GetRequiredService<PolicyMetrics>()),
            new CorsStage(sp.GetRequiredService<PolicyMetrics>()),
            new FaultInjectionStage(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PolicyMetrics>()),
            new AuthenticationStage(sp.GetRequiredService<PolicyMetrics>()),
            new RateLimitStage(sp.GetRequiredService<PolicyMetrics>(), sp.GetRequiredService<RateLimitStoreMetrics>()),
            new ExtAuthzStage(sp.GetRequiredService<PolicyMetrics>()),
            new RoutePolicyStage(),
            new AggregationStage(sp.GetRequiredService<PolicyMetrics>()),
            new TrafficSplitStage(sp.GetRequiredService<PolicyMetrics>()),
            new LlmRoutingStage(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LlmMetrics>()),
            new MirrorStage(sp.GetRequiredService<PolicyMetrics>(), sp.GetRequiredService<ILogger<MirrorStage>>()),
            new CircuitBreakerStage(),
            new ConcurrencyLimitStage(),
            new RetryStage(sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<TimeProvider>()),
            new LoadBalancingStage(),
            new ForwardingStage(sp.GetRequiredService<HttpForwarder>()),
        ]));
        services.AddSingleton<GatewayRuntime>();
        services.AddSingleton<GatewayRequestHandler>();
    }

    private static void ConfigureLimits(WebApplicationBuilder builder, ListenerLimitsOptions limits) =>
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineSize;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections > 0 ? limits.MaxConcurrentConnections : null;
            kestrel.Limits.MaxConcurrentUpgradedConnections = null;
            // Each route sets its own body limit; the listener-wide one would cap them all.
            kestrel.Limits.MaxRequestBodySize = null;
            // Streams (gRPC, uploads) relay at the upstream's pace, which may be slow; this is not an attack signal.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.RequestHeaderEncodingSelector = StrictContentLengthEncoding.Select;
        });
}
