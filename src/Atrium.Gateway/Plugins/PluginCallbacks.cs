namespace Atrium.Gateway.Plugins;

/// <summary>The HTTP callbacks a module exports, so that the gateway buffers a body only for a plugin that reads it.</summary>
[Flags]
internal enum PluginCallbacks
{
    None = 0,
    RequestHeaders = 1,
    RequestBody = 2,
    ResponseHeaders = 4,
    ResponseBody = 8,
}
