using System.Text.Json.Serialization;

namespace Atrium.Identity.Api;

/// <summary>A service token answer (RFC 6749 §5.1); there is no refresh token in the client-credentials grant.</summary>
internal sealed record ServiceTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);
