using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// Loads WASM plugins. The gateway library holds no WebAssembly engine (the Native AOT <c>atrium-gateway</c> could not
/// carry one without trim warnings): a binary that has one registers it in <see cref="PluginRuntimes"/>.
/// </summary>
internal interface IPluginRuntime
{
    /// <summary>
    /// Loads the plugin <paramref name="config"/> names: reads its file, compiles it (once per file content),
    /// checks its imports and runs its start and configure callbacks. A config loaded before is answered from a cache.
    /// </summary>
    PluginLoadResult Load(PluginConfig config);

    /// <summary>Sends the plugins' own log lines (<c>proxy_log</c>) to the gateway's logs from now on.</summary>
    void UseLoggerFactory(ILoggerFactory loggers);

    /// <summary>Drops the cached plugins that <paramref name="inUse"/> does not hold, after a config was compiled.</summary>
    void Retain(IReadOnlyCollection<IPlugin> inUse);
}
