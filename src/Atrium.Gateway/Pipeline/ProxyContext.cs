using Atrium.Chassis.Errors;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// One proxied request as it moves through the stages: what matched, where it goes, how it went. What the forwarder
/// reads and writes is in <see cref="UpstreamExchange"/>; this adds what only the stages use.
/// </summary>
internal sealed class ProxyContext(HttpContext httpContext, ForwardedHeaders forwardedHeaders) : UpstreamExchange(httpContext, forwardedHeaders)
{
    public CompiledRoute? Route { get; set; }

    /// <summary>Whether the cluster's circuit was open (answered by the breaker).</summary>
    public bool CircuitOpen { get; set; }

    /// <summary>The code to answer <see cref="UpstreamExchange.Error"/> with, when a stage chose one itself (fault injection).</summary>
    public ErrorCode? ErrorCode { get; set; }

    /// <summary>The <c>detail</c> of the error answer, when a stage has a safe one to give.</summary>
    public string? ErrorDetail { get; set; }
}
