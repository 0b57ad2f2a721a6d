namespace Atrium.Gateway.Plugins;

/// <summary>A loaded plugin, or why it could not be loaded: a message that starts with its stable code.</summary>
internal readonly record struct PluginLoadResult(IPlugin? Plugin, string? Error)
{
    public static PluginLoadResult Failed(string code, string message) => new(null, $"{code}: {message}");
}
