namespace Atrium.Gateway.Plugins;

/// <summary>Which callback runs: decides which header maps and buffers a plugin may read and write.</summary>
internal enum PluginPhase
{
    RequestHeaders,
    RequestBody,
    ResponseHeaders,
    ResponseBody,
}
