namespace Atrium.Chassis.Configuration;

/// <summary>Event ids of the config log messages, kept in one place so they stay unique.</summary>
internal static class ConfigEventIds
{
    public const int ReloadSucceeded = 1200;
    public const int ReloadFailed = 1201;
    public const int ReloadError = 1202;
    public const int RestartRequired = 1203;
    public const int WatchStarted = 1204;
    public const int WatchFailed = 1205;
    public const int ChangedHandlerFailed = 1206;
    public const int CenterDocumentApplied = 1220;
    public const int CenterDocumentRejected = 1221;
    public const int CenterWatchLost = 1222;
    public const int CenterCacheFailed = 1223;
}
