namespace Atrium.Gateway.Plugins;

/// <summary>How a plugin callback ended.</summary>
internal enum PluginOutcome
{
    /// <summary>Go on with the request or response.</summary>
    Continue,

    /// <summary>The plugin sent a local response (<c>proxy_send_local_response</c>); it replaces the upstream's.</summary>
    LocalResponse,

    /// <summary>The plugin trapped or ran out of fuel or memory (<see cref="PluginExchange.Failure"/> says which).</summary>
    Failed,
}
