using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// One request as the forwarder and the balancing policy see it: where it goes, what is sent, how the upstream
/// answered. The request context of the pipeline (<c>Pipeline/ProxyContext</c>) derives from it and adds what only
/// the stages read, so that this folder does not depend on the pipeline while the hot path still reads plain fields.
/// </summary>
internal abstract class UpstreamExchange(HttpContext httpContext, ForwardedHeaders forwardedHeaders)
{
    public HttpContext HttpContext { get; } = httpContext;

    public ForwardedHeaders ForwardedHeaders { get; } = forwardedHeaders;

    public ClusterState? Cluster { get; set; }

    public EndpointState? Endpoint { get; set; }

    /// <summary>The path to send upstream, after transforms, without the query string.</summary>
    public string UpstreamPath { get; set; } = "/";

    /// <summary>Whether the caller speaks gRPC (errors are then gRPC statuses).</summary>
    public bool IsGrpc { get; set; }

    /// <summary>How long the upstream may take: the route's timeout or the gRPC caller's shorter deadline.</summary>
    public TimeSpan Timeout { get; set; }

    public ForwarderError Error { get; set; }

    /// <summary>Whether the failure was a failed connection attempt (a separate metric).</summary>
    public bool ConnectFailed { get; set; }

    public long BytesOut { get; set; }

    /// <summary>The upstream's status code for the last attempt, 0 when it did not answer.</summary>
    public int UpstreamStatus { get; set; }

    /// <summary>The request body, buffered so that a retry can send it again; null when it streams.</summary>
    public ReadOnlyMemory<byte>? RequestBody { get; set; }

    /// <summary>This request's retries; null on routes without retries.</summary>
    public IRequestRetries? Retry { get; set; }

    /// <summary>The caller the authentication stage verified; sent upstream in the <c>X-Atrium-*</c> identity headers.</summary>
    public GatewayIdentity? Identity { get; set; }
}
