namespace Atrium.Gateway.Plugins;

/// <summary>An answer a plugin made itself (<c>proxy_send_local_response</c>).</summary>
internal sealed record PluginLocalResponse(int Status, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
