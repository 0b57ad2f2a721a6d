using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;
using Atrium.Chassis.Diagnostics;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Health;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Security;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Chassis.Hosting;

/// <summary>
/// Builds a module's own <see cref="WebApplication"/>: its Kestrel listeners, console logs (<c>logging.format</c>), trace propagation, health
/// checks, the error envelope and <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>. Modules of one process share
/// config and telemetry through the <see cref="ModuleContext"/> and nothing else, exactly as when they run apart.
/// </summary>
public static class ModuleWebHost
{
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Creates a builder for <paramref name="module"/> listening on <paramref name="listen"/> (see
    /// <see cref="ListenAddress"/>), serving <paramref name="certificate"/> on <c>https://</c> addresses. Add the module's
    /// services to it, then call <see cref="Build"/>. The module logs to stdout as <c>logging.format</c> says, over OTLP when configured,
    /// and to the <see cref="ILoggerProvider"/> shared in <paramref name="context"/>, if any.
    /// </summary>
    /// <exception cref="ArgumentException">A listen address is invalid (config validation normally catches it first).</exception>
    public static WebApplicationBuilder CreateBuilder(ModuleContext context, string module, IReadOnlyList<string> listen, X509Certificate2? certificate = null) =>
        CreateBuilder(context, module, listen, (address, kestrel) => address.Bind(kestrel, certificate));

    /// <summary>
    /// Creates a builder for <paramref name="module"/> listening on <paramref name="listen"/>, as the overload with a
    /// certificate does, except that each <c>https://</c> address is set up by <paramref name="configureTls"/> (given
    /// the address and its listener; it calls one of the <c>UseHttps</c> overloads). For a host that picks certificates
    /// per handshake (SNI, files re-read on change, client certificates).
    /// </summary>
    /// <exception cref="ArgumentException">A listen address is invalid (config validation normally catches it first).</exception>
    public static WebApplicationBuilder CreateBuilder(ModuleContext context, string module, IReadOnlyList<string> listen, Action<ListenAddress, ListenOptions> configureTls)
    {
        ArgumentNullException.ThrowIfNull(configureTls);
        return CreateBuilder(context, module, listen, (address, kestrel) => address.Bind(kestrel, options => configureTls(address, options)));
    }

    private static WebApplicationBuilder CreateBuilder(ModuleContext context, string module, IReadOnlyList<string> listen, Action<ListenAddress, KestrelServerOptions> bind)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(listen);
        var addresses = listen.Select(value => ListenAddress.TryParse(value, out var address, out var error)
            ? address!
            : throw new ArgumentException(error, nameof(listen))).ToList();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = module,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        var store = context.Get<ConfigStore>();
        var telemetry = context.Get<AtriumTelemetry>();
        builder.Logging.ClearProviders();
        builder.Logging.AddAtriumConsole(module, store.Current.Get<LoggingOptions>(LoggingOptions.Section).Format, context.TimeProvider);
        builder.Logging.AddAtriumOtlpLogs(store.Current.Get<TelemetryOptions>(TelemetryOptions.Section), module, context.Targets.Count <= 1);
        if (context.TryGet<ILoggerProvider>(out var sharedLogs))
        {
            // The module's container is its own, so a host that wants its entries (a test counting errors) shares a sink.
            builder.Logging.AddProvider(sharedLogs);
        }


        var services = builder.Services;
        services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(new LogLevelConfigurator(store));
        services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(new ConfigChangeTokenSource<LoggerFilterOptions>(store, LoggingOptions.Section));
        if (!telemetry.Traces)
        {
            // ASP.NET Core starts a request activity, listener or not, whenever its hosting logger is enabled at all;
            // silencing that one category (its request start and finish lines, which the access log replaces) is
            // what keeps a process with traces off from creating trace context. Added after the levels, so it wins.
            services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(new ConfigureOptions<LoggerFilterOptions>(
                static filters => filters.Rules.Add(new LoggerFilterRule(null, HostingDiagnosticsCategory, LogLevel.None, null))));
        }

        services.TryAddSingleton(context.TimeProvider);
        services.TryAddSingleton(store);
        services.TryAddSingleton(telemetry);
        services.TryAddSingleton(context);
        services.AddAtriumPropagation();
        services.AddAtriumMetrics(module);
        services.AddSingleton<IHostLifetime, ModuleHostLifetime>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = context.ShutdownTimeout);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealthChecks().AddCheck<LifecycleHealthCheck>(LifecycleHealthCheck.Name);
        if (store.ConfigCenter is not null)
        {
            services.AddHealthChecks().AddCheck(ConfigCenterHealthCheck.Name, new ConfigCenterHealthCheck(store));
        }

        if (addresses.Any(a => a.Tls))
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        if (HostTuning.InlineCompletions)
        {
            // Kestrel's half of inline completions: run the request on the socket thread instead of queueing it.
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var address in addresses)
            {
                bind(address, kestrel);
            }
        });
        return builder;
    }

    /// <summary>
    /// Builds the application: the error envelope first, then routing, then <paramref name="configure"/> (the
    /// module's middleware and endpoints). With <paramref name="mapChassisEndpoints"/> (the default) the module also
    /// serves <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>, the process's diagnostics under <c>/admin/diagnostics</c>
    /// behind the <see cref="AdminToken"/> the process shares (if any), and writes an access log line per request; a
    /// host that keeps its own access log (the gateway's proxy listener) passes <see langword="false"/>.
    /// </summary>
    public static IModuleService Build(WebApplicationBuilder builder, Action<WebApplication> configure, bool mapChassisEndpoints = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var app = builder.Build();
        var module = builder.Environment.ApplicationName;

        // Marks the request's server span, so that its spans are exported under this module's service.name.
        app.Use((context, next) =>
        {
            ModuleAttribution.Mark(Activity.Current, module);
            return next(context);
        });
        if (mapChassisEndpoints)
        {
            app.UseMiddleware<RequestLoggingMiddleware>();
        }

        app.UseMiddleware<ErrorHandlingMiddleware>();
        if (mapChassisEndpoints)
        {
            // Routing after the error envelope, so that routing's 404/405 get it. A host without chassis endpoints
            // (the gateway's proxy listener) skips the matcher per request; WebApplication adds routing on its own if
            // such a host maps endpoints after all.
            app.UseRouting();
            app.MapHealthEndpoints();
            app.MapPrometheusMetrics(app.Services.GetRequiredService<AtriumTelemetry>(), module: module).ExcludeFromDescription();
            if (app.Services.GetRequiredService<ModuleContext>().TryGet<AdminToken>(out var adminToken))
            {
                // Every process serves its diagnostics, with or without the gateway's admin listener.
                app.MapRuntimeDiagnostics(adminToken);
            }
        }

        configure(app);
        return new WebModuleService(builder.Environment.ApplicationName, app);
    }
}
