using System.Collections.Frozen;

namespace Atrium.Chassis.Errors;

/// <summary>
/// The one table of Atrium's error codes: each code with its HTTP and gRPC status. Every module answers errors
/// from this table so that a caller sees the same code whichever protocol or module it talks to.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The request is well-formed but some fields are invalid; the problem lists each field.</summary>
    public static readonly ErrorCode ValidationFailed = new("VALIDATION_FAILED", 400, GrpcStatusCode.InvalidArgument, "One or more fields are invalid.");

    /// <summary>The request cannot be parsed (malformed JSON, bad framing, conflicting length headers).</summary>
    public static readonly ErrorCode BadRequest = new("BAD_REQUEST", 400, GrpcStatusCode.InvalidArgument, "The request is malformed.");

    /// <summary>Credentials are missing, expired or invalid.</summary>
    public static readonly ErrorCode AuthFailed = new("AUTH_FAILED", 401, GrpcStatusCode.Unauthenticated, "Authentication failed.");

    /// <summary>The caller is authenticated but not allowed to do this.</summary>
    public static readonly ErrorCode Forbidden = new("FORBIDDEN", 403, GrpcStatusCode.PermissionDenied, "The caller is not allowed to do this.");

    /// <summary>No such resource or route.</summary>
    public static readonly ErrorCode NotFound = new("NOT_FOUND", 404, GrpcStatusCode.NotFound, "The resource does not exist.");

    /// <summary>The resource exists but does not accept this method.</summary>
    public static readonly ErrorCode MethodNotAllowed = new("METHOD_NOT_ALLOWED", 405, GrpcStatusCode.Unimplemented, "The method is not allowed on this resource.");

    /// <summary>The request conflicts with the current state (duplicate, idempotency key reused with another body).</summary>
    public static readonly ErrorCode Conflict = new("CONFLICT", 409, GrpcStatusCode.Aborted, "The request conflicts with the current state.");

    /// <summary>The request body is larger than the route allows.</summary>
    public static readonly ErrorCode PayloadTooLarge = new("PAYLOAD_TOO_LARGE", 413, GrpcStatusCode.ResourceExhausted, "The request body is too large.");

    /// <summary>The request target (URI) is longer than allowed.</summary>
    public static readonly ErrorCode UriTooLong = new("URI_TOO_LONG", 414, GrpcStatusCode.InvalidArgument, "The request URI is too long.");

    /// <summary>The body's media type is not accepted.</summary>
    public static readonly ErrorCode UnsupportedMediaType = new("UNSUPPORTED_MEDIA_TYPE", 415, GrpcStatusCode.InvalidArgument, "The media type is not supported.");

    /// <summary>A business rule refused the request (for example insufficient funds). Not retryable.</summary>
    public static readonly ErrorCode BusinessRuleViolated = new("BUSINESS_RULE_VIOLATED", 422, GrpcStatusCode.FailedPrecondition, "A business rule refused the request.");

    /// <summary>
    /// A refund of a payment whose order is confirmed: the money stays where it is, for good. Payments' internal API
    /// only; the saga never refunds after it confirms, so it stops and an operator looks.
    /// </summary>
    public static readonly ErrorCode PaymentSettled = new("PAYMENT_SETTLED", 409, GrpcStatusCode.FailedPrecondition, "The order's payment is settled; it cannot be refunded.");

    /// <summary>
    /// A refund of a captured payment whose order's saga is not compensating (ordering confirmed the order, or never
    /// turned it round): only the saga's own compensation gets money back. Payments' internal API only; nothing moves.
    /// </summary>
    public static readonly ErrorCode RefundNotCompensating = new("REFUND_NOT_COMPENSATING", 409, GrpcStatusCode.FailedPrecondition, "The order's saga is not compensating; its payment cannot be refunded.");

    /// <summary>The caller exceeded a rate limit; <c>Retry-After</c> says when to come back.</summary>
    public static readonly ErrorCode RateLimited = new("RATE_LIMITED", 429, GrpcStatusCode.ResourceExhausted, "Too many requests.");

    /// <summary>The caller has spent its LLM token budget for the window; <c>Retry-After</c> says when it refills.</summary>
    public static readonly ErrorCode TokenBudgetExhausted = new("TOKEN_BUDGET_EXHAUSTED", 429, GrpcStatusCode.ResourceExhausted, "The token budget is spent.");

    /// <summary>The request headers are too large or too many.</summary>
    public static readonly ErrorCode HeadersTooLarge = new("HEADERS_TOO_LARGE", 431, GrpcStatusCode.ResourceExhausted, "The request headers are too large.");

    /// <summary>The client went away before the answer was ready.</summary>
    public static readonly ErrorCode Cancelled = new("CANCELLED", 499, GrpcStatusCode.Cancelled, "The request was cancelled by the client.");

    /// <summary>An unexpected failure; details are in the logs under the trace id, never in the response.</summary>
    public static readonly ErrorCode Internal = new("INTERNAL", 500, GrpcStatusCode.Internal, "An internal error occurred.");

    /// <summary>The operation is not implemented.</summary>
    public static readonly ErrorCode NotImplemented = new("NOT_IMPLEMENTED", 501, GrpcStatusCode.Unimplemented, "The operation is not implemented.");

    /// <summary>The upstream answered with something that is not valid HTTP.</summary>
    public static readonly ErrorCode UpstreamProtocolError = new("UPSTREAM_PROTOCOL_ERROR", 502, GrpcStatusCode.Unavailable, "The upstream answered with an invalid response.");

    /// <summary>Every upstream call of a composed (aggregate) response failed; the detail names each part's code.</summary>
    public static readonly ErrorCode AggregateFailed = new("AGGREGATE_FAILED", 502, GrpcStatusCode.Unavailable, "Every part of the composed response failed.");

    /// <summary>No upstream could be reached (refused, reset, no healthy endpoint).</summary>
    public static readonly ErrorCode UpstreamUnavailable = new("UPSTREAM_UNAVAILABLE", 503, GrpcStatusCode.Unavailable, "The upstream service is unavailable.");

    /// <summary>The circuit breaker for the upstream is open.</summary>
    public static readonly ErrorCode CircuitOpen = new("CIRCUIT_OPEN", 503, GrpcStatusCode.Unavailable, "The upstream circuit is open.");

    /// <summary>The process shed load to protect itself.</summary>
    public static readonly ErrorCode Overloaded = new("OVERLOADED", 503, GrpcStatusCode.Unavailable, "The service is overloaded.");

    /// <summary>The service is starting or draining, or its database cannot be reached, and does not take new work.</summary>
    public static readonly ErrorCode NotReady = new("NOT_READY", 503, GrpcStatusCode.Unavailable, "The service is not ready.");

    /// <summary>The upstream did not answer within the route's timeout.</summary>
    public static readonly ErrorCode UpstreamTimeout = new("UPSTREAM_TIMEOUT", 504, GrpcStatusCode.DeadlineExceeded, "The upstream did not answer in time.");

    /// <summary>A gateway WASM plugin trapped or ran out of its fuel or memory; the request was not forwarded.</summary>
    public static readonly ErrorCode PluginFailed = new("PLUGIN_FAILED", 500, GrpcStatusCode.Internal, "A gateway plugin failed.");

    /// <summary>
    /// <c>/metrics</c> of a process started with <c>telemetry.metrics: false</c>: nothing is collected, so a scraper
    /// learns that the series are off rather than missing.
    /// </summary>
    public static readonly ErrorCode MetricsDisabled = new("METRICS_DISABLED", 404, GrpcStatusCode.NotFound, "Metrics are turned off in this process.");

    /// <summary>Every code, in table order.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } =
    [
        ValidationFailed, BadRequest, AuthFailed, Forbidden, NotFound, MethodNotAllowed, Conflict, PayloadTooLarge,
        UriTooLong, UnsupportedMediaType, BusinessRuleViolated, PaymentSettled, RefundNotCompensating, RateLimited, TokenBudgetExhausted, HeadersTooLarge, Cancelled, Internal,
        NotImplemented, UpstreamProtocolError, AggregateFailed, UpstreamUnavailable, CircuitOpen, Overloaded, NotReady, UpstreamTimeout,
        PluginFailed, MetricsDisabled,
    ];

    private static readonly FrozenDictionary<string, ErrorCode> ByName = All.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Finds a code by its name.</summary>
    public static bool TryGet(string name, out ErrorCode? code) => ByName.TryGetValue(name, out code);

    /// <summary>
    /// The code that best describes a bare HTTP status produced outside Atrium's own handlers (routing's 404/405,
    /// Kestrel's 413/431). Unknown 4xx map to <see cref="BadRequest"/>, unknown 5xx to <see cref="Internal"/>.
    /// </summary>
    public static ErrorCode ForHttpStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => AuthFailed,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        415 => UnsupportedMediaType,
        422 => BusinessRuleViolated,
        429 => RateLimited,
        431 => HeadersTooLarge,
        499 => Cancelled,
        501 => NotImplemented,
        502 => UpstreamProtocolError,
        503 => UpstreamUnavailable,
        504 => UpstreamTimeout,
        >= 400 and < 500 => BadRequest,
        _ => Internal,
    };
}
