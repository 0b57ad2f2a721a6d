using Microsoft.OpenApi;

namespace Atrium.Chassis.OpenApi;

/// <summary>The headers the public API documents: request parameters and response headers.</summary>
internal static class ApiHeaders
{
    public static OpenApiParameter IdempotencyKey() => new()
    {
        Name = "Idempotency-Key",
        In = ParameterLocation.Header,
        Required = true,
        Description = "A key of the client's choosing, unique per order it means to place: a retry with the same key and body answers as the first request did; the same key with another body is 409 CONFLICT.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[!-~]+$" },
    };

    public static OpenApiParameter PreferWait() => new()
    {
        Name = "Prefer",
        In = ParameterLocation.Header,
        Required = false,
        Description = "RFC 7240 `wait=SECONDS`: answer once the resource is final, waiting at most this long (capped by the server; see Preference-Applied).",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^wait=[0-9]+$" },
    };

    public static OpenApiHeader PreferenceApplied() => new()
    {
        Description = "The wait the server applied, `wait=SECONDS`, when Prefer asked for one.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    public static OpenApiHeader ErrorCode() => new()
    {
        Description = "The problem's stable code, as in the body.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    public static OpenApiHeader RetryAfter() => new()
    {
        Description = "Seconds to wait before trying again, when known.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
    };
}
