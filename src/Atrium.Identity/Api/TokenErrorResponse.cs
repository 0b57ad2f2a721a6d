using System.Text.Json.Serialization;

namespace Atrium.Identity.Api;

/// <summary>A token endpoint's error answer (RFC 6749 §5.2), not problem+json: OAuth clients read this shape.</summary>
internal sealed record TokenErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description);
