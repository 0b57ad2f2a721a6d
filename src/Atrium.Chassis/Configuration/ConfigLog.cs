using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Configuration;

/// <summary>Log messages of <see cref="ConfigStore"/>.</summary>
internal static partial class ConfigLog
{
    [LoggerMessage(EventId = ConfigEventIds.ReloadSucceeded, Level = LogLevel.Information,
        Message = "Config reloaded from {Source} (trigger: {Trigger}); applied: {ChangedKeys}")]
    public static partial void ReloadSucceeded(ILogger logger, string source, string trigger, string changedKeys);

    [LoggerMessage(EventId = ConfigEventIds.ReloadFailed, Level = LogLevel.Error,
        Message = "Config reload from {Source} (trigger: {Trigger}) failed with {ErrorCount} error(s); keeping the last good config")]
    public static partial void ReloadFailed(ILogger logger, string source, string trigger, int errorCount);

    [LoggerMessage(EventId = ConfigEventIds.ReloadError, Level = LogLevel.Error,
        Message = "Config error at line {Line}, column {Column}: {Error}")]
    public static partial void ReloadError(ILogger logger, int line, int column, string error);

    [LoggerMessage(EventId = ConfigEventIds.RestartRequired, Level = LogLevel.Warning,
        Message = "Config key '{Key}' changed but is not reloadable; the running value is kept until restart")]
    public static partial void RestartRequired(ILogger logger, string key);

    [LoggerMessage(EventId = ConfigEventIds.WatchStarted, Level = LogLevel.Information,
        Message = "Watching config file {Source} for changes")]
    public static partial void WatchStarted(ILogger logger, string source);

    [LoggerMessage(EventId = ConfigEventIds.WatchFailed, Level = LogLevel.Warning,
        Message = "Config file watcher for {Source} failed; polling continues")]
    public static partial void WatchFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = ConfigEventIds.ChangedHandlerFailed, Level = LogLevel.Error,
        Message = "A config Changed handler threw")]
    public static partial void ChangedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = ConfigEventIds.CenterDocumentApplied, Level = LogLevel.Information,
        Message = "Config center document {Document} applied")]
    public static partial void CenterDocumentApplied(ILogger logger, string document);

    [LoggerMessage(EventId = ConfigEventIds.CenterDocumentRejected, Level = LogLevel.Error,
        Message = "Config center document {Document} rejected; revision {AppliedRevision} stays in effect")]
    public static partial void CenterDocumentRejected(ILogger logger, string document, long appliedRevision);

    [LoggerMessage(EventId = ConfigEventIds.CenterWatchLost, Level = LogLevel.Warning,
        Message = "Config center watch of {Namespace} lost ({Code}: {Reason}); keeping the running config, retrying in {RetrySeconds} s from revision {FromRevision}")]
    public static partial void CenterWatchLost(ILogger logger, string @namespace, string code, string reason, double retrySeconds, long fromRevision);

    [LoggerMessage(EventId = ConfigEventIds.CenterCacheFailed, Level = LogLevel.Warning,
        Message = "Could not cache config center document {Document}")]
    public static partial void CenterCacheFailed(ILogger logger, string document, Exception exception);
}
