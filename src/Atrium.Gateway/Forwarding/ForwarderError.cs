namespace Atrium.Gateway.Forwarding;

/// <summary>What went wrong while forwarding, as a value (expected failures are not exceptions here).</summary>
internal enum ForwarderError
{
    /// <summary>Forwarded.</summary>
    None,

    /// <summary>The request carried both Content-Length and Transfer-Encoding (a request-smuggling vector).</summary>
    AmbiguousFraming,

    /// <summary>The message framing does not fit the request: Transfer-Encoding on HTTP/1.0.</summary>
    MalformedFraming,

    /// <summary>The request's Transfer-Encoding names a coding other than <c>chunked</c> alone.</summary>
    UnsupportedTransferCoding,

    /// <summary>
    /// The request path could be read two ways: a dot segment, a backslash, a control character, a bad escape,
    /// invalid UTF-8, or an encoded slash on a route that does not allow them.
    /// </summary>
    AmbiguousPath,

    /// <summary>
    /// The method is a standard one spelled in another case (<c>get</c>): methods are case-sensitive, so it is another
    /// method, and HttpClient would send it as the standard one.
    /// </summary>
    AmbiguousMethod,

    /// <summary>No route matched.</summary>
    NoRoute,

    /// <summary>The cluster had no endpoint to send to.</summary>
    NoEndpoint,

    /// <summary>The upstream refused, reset or dropped the connection before answering.</summary>
    UpstreamUnavailable,

    /// <summary>The upstream answered with something that is not valid HTTP, or its TLS handshake failed (certificate not verified).</summary>
    UpstreamProtocol,

    /// <summary>The upstream did not answer within the route's (or gRPC caller's) timeout.</summary>
    UpstreamTimeout,

    /// <summary>The request body exceeds the route's limit.</summary>
    RequestBodyTooLarge,

    /// <summary>Reading the client's request body failed.</summary>
    RequestBodyClient,

    /// <summary>The client went away.</summary>
    ClientDisconnected,

    /// <summary>The upstream failed while the response body was streaming.</summary>
    ResponseBodyUpstream,

    /// <summary>A protocol upgrade (WebSocket) could not be completed.</summary>
    UpgradeFailed,

    /// <summary>The cluster's circuit breaker is open.</summary>
    CircuitOpen,

    /// <summary>The cluster already has <c>maxConcurrentRequests</c> in flight, or the global concurrency limit is reached.</summary>
    Overloaded,

    /// <summary>
    /// The upstream answered with a status the route retries and a retry was reserved, so the answer was dropped.
    /// Seen only by the retry stage.
    /// </summary>
    RetryableStatus,

    /// <summary>The route requires authentication and the credentials are missing or invalid.</summary>
    AuthFailed,

    /// <summary>The caller is authenticated but lacks a required role or scope.</summary>
    Forbidden,

    /// <summary>The route's rate limit for the caller's key is exhausted.</summary>
    RateLimited,

    /// <summary>Fault injection answered the request (see <c>ProxyContext.ErrorCode</c>).</summary>
    FaultInjected,

    /// <summary>A WASM plugin of the route failed: it trapped or ran out of fuel or memory (<c>PLUGIN_FAILED</c>).</summary>
    PluginFailed,
}
