namespace Atrium.Identity.Application;

/// <summary>An access token and the refresh token that renews it.</summary>
internal sealed record TokenPair(string AccessToken, int ExpiresInSeconds, string RefreshToken);
