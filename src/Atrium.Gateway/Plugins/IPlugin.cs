using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Plugins;

/// <summary>A loaded, configured plugin of a config snapshot; thread-safe, each request gets a stream of its own.</summary>
internal interface IPlugin
{
    PluginConfig Config { get; }

    /// <summary>The callbacks the module exports.</summary>
    PluginCallbacks Callbacks { get; }

    /// <summary>Starts one request's HTTP context on a free instance of the module.</summary>
    IPluginStream Open(PluginExchange exchange);
}
