using Atrium.Gateway.Plugins;

namespace Atrium.Gateway.Wasm;

/// <summary>The stream of a request whose new instance could not start (out of fuel or memory): every call fails.</summary>
internal sealed class FailedPluginStream : IPluginStream
{
    public static readonly FailedPluginStream Instance = new();

    public PluginOutcome Run(PluginPhase phase) => PluginOutcome.Failed;

    public void Dispose()
    {
    }
}
