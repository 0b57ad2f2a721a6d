using Atrium.Gateway.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// What the plugins of one request see and change: the request and response (headers in place, bodies when
/// buffered), the phase that runs, and the local response or failure a plugin ended it with.
/// </summary>
internal sealed class PluginExchange(ProxyContext proxy)
{
    public ProxyContext Proxy { get; } = proxy;

    public HttpContext Http => Proxy.HttpContext;

    public PluginPhase Phase { get; set; }

    /// <summary>The request body, when a plugin reads request bodies and it was buffered.</summary>
    public byte[]? RequestBody { get; set; }

    /// <summary>The response body, when a plugin reads response bodies and it was buffered.</summary>
    public byte[]? ResponseBody { get; set; }

    /// <summary>The answer a plugin sent itself; the first one wins.</summary>
    public PluginLocalResponse? LocalResponse { get; set; }

    /// <summary>Why the running plugin failed: <c>fuel</c>, <c>memory</c> or <c>trap</c>.</summary>
    public string? Failure { get; set; }

    /// <summary>The body a buffer type stands for in the current phase, or null when there is none.</summary>
    public byte[]? Body(bool response) => response ? ResponseBody : RequestBody;

    /// <summary>Whether the response's headers are there to read and change (the response phases).</summary>
    public bool HasResponse => Phase is PluginPhase.ResponseHeaders or PluginPhase.ResponseBody;
}
