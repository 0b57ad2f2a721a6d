using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Plugins;

/// <summary>The plugins' own log lines (<c>proxy_log</c>) and their loading, under the gateway's event ids.</summary>
internal static partial class PluginLog
{
    /// <summary>A plugin's <c>proxy_log</c> line at the level it chose (proxy-wasm's trace..critical map onto ours).</summary>
    public static void Write(ILogger logger, int proxyLevel, string plugin, string message)
    {
        var level = proxyLevel switch
        {
            0 => LogLevel.Trace,
            1 => LogLevel.Debug,
            2 => LogLevel.Information,
            3 => LogLevel.Warning,
            4 => LogLevel.Error,
            _ => LogLevel.Critical,
        };
        if (logger.IsEnabled(level))
        {
            LogFromPlugin(logger, level, plugin, message);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.PluginLog, Message = "Plugin {Plugin}: {Message}")]
    private static partial void LogFromPlugin(ILogger logger, LogLevel level, string plugin, string message);

    [LoggerMessage(EventId = GatewayEventIds.PluginLoaded, Level = LogLevel.Information, Message = "Plugin {Plugin} loaded from {File} ({Sha256})")]
    public static partial void Loaded(ILogger logger, string plugin, string file, string sha256);
}
