namespace Atrium.Identity.Application;

/// <summary>A service token issued: the token, its lifetime in seconds, the scopes granted (space-separated).</summary>
internal sealed record ServiceTokenGrant(string AccessToken, int ExpiresIn, string Scope);
