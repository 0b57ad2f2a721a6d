namespace Atrium.Gateway.Plugins;

/// <summary>
/// One request's HTTP context in a plugin. Disposing it ends the context and gives its instance back (an instance
/// that failed is dropped, not reused).
/// </summary>
internal interface IPluginStream : IDisposable
{
    /// <summary>Runs the callback of <see cref="PluginExchange.Phase"/>; skipped (Continue) when the module lacks it.</summary>
    PluginOutcome Run(PluginPhase phase);
}
