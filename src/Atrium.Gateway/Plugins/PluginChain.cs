namespace Atrium.Gateway.Plugins;

/// <summary>A route's plugins in the order they see the request (the gateway-wide ones first); the response sees them reversed.</summary>
internal sealed class PluginChain(IReadOnlyList<IPlugin> plugins)
{
    public IReadOnlyList<IPlugin> Plugins { get; } = plugins;

    /// <summary>Every callback any of the plugins exports.</summary>
    public PluginCallbacks Callbacks { get; } = plugins.Aggregate(PluginCallbacks.None, (all, p) => all | p.Callbacks);

    public bool Has(PluginCallbacks callback) => (Callbacks & callback) != 0;
}
