using System.Text.Json.Serialization;

namespace Atrium.Identity.Api;

/// <summary>Body of the token refresh.</summary>
internal sealed record RefreshRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);
