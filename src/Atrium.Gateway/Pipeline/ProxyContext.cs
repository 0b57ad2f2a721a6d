using Atrium.Chassis.Errors;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Pipeline;

/// <summary>One proxied request as it moves through the stages: what matched, where it goes, how it went.</summary>
internal sealed class ProxyContext(HttpContext httpContext, ForwardedHeaders forwardedHeaders)
{
    public HttpContext HttpContext { get; } = httpContext;

    public ForwardedHeaders ForwardedHeaders { get; } = forwardedHeaders;

    public CompiledRoute? Route { get; set; }

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

    /// <summary>Whether the cluster's circuit was open (answered by the breaker).</summary>
    public bool CircuitOpen { get; set; }

    /// <summary>The caller the authentication stage verified; sent upstream in the <c>X-Atrium-*</c> identity headers.</summary>
    public GatewayIdentity? Identity { get; set; }

    /// <summary>The code to answer <see cref="Error"/> with, when a stage chose one itself (fault injection).</summary>
    public ErrorCode? ErrorCode { get; set; }

    /// <summary>The <c>detail</c> of the error answer, when a stage has a safe one to give.</summary>
    public string? ErrorDetail { get; set; }
}
