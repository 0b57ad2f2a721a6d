using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.OpenApi;

/// <summary>
/// Declares, for the module's OpenAPI document, what an endpoint answers and reads. Only the document learns it:
/// the handlers keep refusing with the error table's codes as they did.
/// </summary>
public static class ApiEndpointConventions
{
    /// <summary>
    /// Names the operation (its <c>operationId</c>, what a generated client calls it) and documents its success answer.
    /// </summary>
    public static RouteHandlerBuilder Documents<TResponse>(this RouteHandlerBuilder builder, string operationId, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        return builder.WithName(operationId).Produces<TResponse>(status);
    }

    /// <summary>
    /// Documents <c>application/problem+json</c> answers with these statuses. Every operation also documents 429
    /// (the gateway's rate limits) and 503 (the module not ready) without saying so.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ApiOperationMetadata(statuses));
    }

    /// <summary>
    /// Documents that the operation needs <c>Authorization: Bearer</c> with an access token (401 without one), and,
    /// with <paramref name="admin"/>, the <c>admin</c> role (403 without it).
    /// </summary>
    public static RouteHandlerBuilder RequiresBearer(this RouteHandlerBuilder builder, bool admin = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        int[] statuses = admin ? [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden] : [StatusCodes.Status401Unauthorized];
        return builder.WithMetadata(new ApiOperationMetadata(statuses, Bearer: true));
    }

    /// <summary>
    /// Documents the required <c>Idempotency-Key</c> header: a replay answers as the first request did, and the same
    /// key with another body is 409.
    /// </summary>
    public static RouteHandlerBuilder RequiresIdempotencyKey(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ApiOperationMetadata([StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict], IdempotencyKey: true));
    }

    /// <summary>Documents the optional <c>Prefer: wait=SECONDS</c> header (RFC 7240) and <c>Preference-Applied</c>.</summary>
    public static RouteHandlerBuilder AcceptsPreferWait(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ApiOperationMetadata([], PreferWait: true));
    }
}
