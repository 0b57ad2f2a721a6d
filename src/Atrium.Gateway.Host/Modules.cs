using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Atrium.Gateway;

namespace Atrium;

/// <summary>
/// The modules of <c>atrium-gateway</c>: the gateway and the config watcher it reloads through, registered as atrium
/// registers them, so that <c>atrium-gateway run</c> is <c>atrium run --target=gateway</c>. The services' sections of
/// the same <c>atrium.yaml</c> are accepted and left alone: their options types are in assemblies this binary leaves out.
/// </summary>
internal static class Modules
{
    public const string RuntimeConfig = "runtime-config";
    public const string Gateway = "gateway";

    /// <summary>What <c>run</c> starts without <c>--target</c>: the one target there is.</summary>
    public const string DefaultTarget = Gateway;

    /// <summary>The sections of <c>atrium.yaml</c> that only atrium's other modules read.</summary>
    public static readonly IReadOnlyList<string> OtherSections = ["eventing", "identity", "catalog", "payments", "ordering"];

    public static ModuleRegistry CreateRegistry() => new ModuleRegistry()
        .Register(RuntimeConfig, "watches the config file and applies reloadable sections", InitRuntimeConfig, ModuleVisibility.Internal)
        .Register(Gateway, "edge API gateway and its admin API", GatewayModule.Init, ModuleVisibility.Public, RuntimeConfig);

    /// <summary>Nothing: the gateway publishes and consumes no events.</summary>
    public static void ShareWith(ModuleContext context) => ArgumentNullException.ThrowIfNull(context);

    public static ConfigSchema CreateConfigSchema()
    {
        var schema = new ConfigSchema()
            .Add<AtriumHostOptions>(AtriumHostOptions.Section)
            .Add<ConfigCenterOptions>(ConfigCenterOptions.Section)
            .Add<TelemetryOptions>(TelemetryOptions.Section)
            .Add<LoggingOptions>(LoggingOptions.Section, reloadable: true)
            .AddGatewaySection();
        foreach (var section in OtherSections)
        {
            schema.Ignore(section);
        }

        return schema;
    }

    /// <summary>The gateway is fully asynchronous, so socket completions may run inline.</summary>
    public static bool AreFullyAsync(IReadOnlyCollection<string> targets) => targets.Count > 0;

    private static IModuleService InitRuntimeConfig(ModuleContext context) => new ConfigWatcherService(context.Get<ConfigStore>());
}
