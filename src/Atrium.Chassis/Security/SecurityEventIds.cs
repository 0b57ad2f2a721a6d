namespace Atrium.Chassis.Security;

/// <summary>Event ids of the security log messages (18xx), kept in one place so they stay unique.</summary>
internal static class SecurityEventIds
{
    public const int JwksFetched = 1801;
    public const int JwksFetchFailed = 1802;
    public const int ClientSecretGenerated = 1810;
    public const int AdminTokenRefused = 1811;
}
