using Atrium.Gateway.Configuration;
using Atrium.Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// Builds each route's plugin chain for one config: the gateway-wide plugins, then the route's. Loading goes through
/// the runtime's cache, so a plugin validation already loaded is not compiled or configured again.
/// </summary>
internal sealed class PluginChainCompiler(GatewayOptions options, PluginMetrics metrics, ILogger logger)
{
    private readonly List<IPlugin> _inUse = [];

    /// <summary>The route's chain; null when neither the gateway nor the route has plugins.</summary>
    public PluginChainStage? Compile(RouteConfig route)
    {
        if (options.Plugins.Count == 0 && route.Plugins.Count == 0)
        {
            return null;
        }

        // Validation loaded every plugin of this config; a failure here is a file changed in between.
        var runtime = PluginRuntimes.Current
            ?? throw new InvalidOperationException("routes with plugins passed validation without a plugin runtime");
        var plugins = new List<IPlugin>(options.Plugins.Count + route.Plugins.Count);
        foreach (var config in options.Plugins.Concat(route.Plugins))
        {
            var loaded = runtime.Load(config);
            var plugin = loaded.Plugin ?? throw new InvalidOperationException($"plugin '{config.Name}' passed validation but does not load: {loaded.Error}");
            plugins.Add(plugin);
            _inUse.Add(plugin);
        }

        return new PluginChainStage(new PluginChain(plugins), metrics, logger);
    }

    /// <summary>Lets the runtime drop the plugins the previous configs used and this one does not.</summary>
    public void Retain()
    {
        PluginRuntimes.Current?.Retain(_inUse);
    }
}
