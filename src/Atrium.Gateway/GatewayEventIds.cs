namespace Atrium.Gateway;

/// <summary>Event ids of the gateway's log messages (3000–3999), kept in one place so they stay unique.</summary>
internal static class GatewayEventIds
{
    public const int SendFailed = 3001;
    public const int ResponseBodyFailed = 3002;
    public const int UpgradeFailed = 3010;
    public const int ConfigApplied = 3101;
    public const int ConfigApplyFailed = 3102;
    public const int AccessLogRequest = 3200;
    public const int EndpointUnhealthy = 3301;
    public const int EndpointHealthy = 3302;
    public const int EndpointEjected = 3303;
    public const int EndpointReturned = 3304;
    public const int EjectionCapped = 3305;
    public const int CircuitOpened = 3310;
    public const int CircuitHalfOpen = 3311;
    public const int CircuitClosed = 3312;
    public const int UpgradeGoingAway = 3320;
    public const int MirrorFailed = 3410;
    public const int AdminTokenGenerated = 3501;
    public const int AdminTokenFromFile = 3502;
    public const int AdminRefused = 3503;
    public const int AdminTokenFileOpen = 3504;
    public const int TlsCertificateReloaded = 3601;
    public const int TlsCertificateReloadFailed = 3602;
    public const int TlsConfigApplyFailed = 3603;
    public const int UpstreamVerificationDisabled = 3604;
    public const int RateLimitRedisDown = 3701;
    public const int RateLimitRedisBack = 3702;
    public const int PluginFailed = 3750;
    public const int PluginLog = 3751;
    public const int PluginLoaded = 3752;
}
