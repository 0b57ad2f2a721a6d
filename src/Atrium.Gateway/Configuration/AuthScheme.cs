namespace Atrium.Gateway.Configuration;

/// <summary>A way to prove identity to the gateway.</summary>
public enum AuthScheme
{
    /// <summary><c>Authorization: Bearer JWT</c>, validated with <c>gateway.auth.jwt</c>.</summary>
    Jwt,

    /// <summary>An API key in <c>gateway.auth.apiKeyHeader</c>, checked against <c>gateway.auth.apiKeys</c>.</summary>
    ApiKey,
}
