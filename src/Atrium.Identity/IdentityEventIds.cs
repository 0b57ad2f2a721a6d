namespace Atrium.Identity;

/// <summary>Event ids of identity's log messages (5000–5999), kept in one place so they stay unique.</summary>
internal static class IdentityEventIds
{
    public const int UserRegistered = 5001;
    public const int UserLockedOut = 5002;
    public const int RefreshTokenReuse = 5003;
    public const int AdminCreatedWithGeneratedPassword = 5010;
    public const int AdminCreated = 5011;
    public const int ServiceTokenIssued = 5020;
    public const int ClientRefused = 5021;
}
