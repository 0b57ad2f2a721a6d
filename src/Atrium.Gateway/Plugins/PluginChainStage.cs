using Atrium.Chassis.Errors;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Plugins;

/// <summary>
/// Runs the route's WASM plugins (<c>plugins</c>): request headers, then the buffered request body when a plugin reads
/// it, then the rest of the pipeline, then the response headers and the buffered response body in reverse order. A
/// local response ends the request there; a failed plugin answers 500 <c>PLUGIN_FAILED</c> unless it fails open.
/// </summary>
internal sealed partial class PluginChainStage(PluginChain chain, PluginMetrics metrics, ILogger logger) : IRoutePolicyStage
{
    public string Name => "plugins";

    public JsonNode Describe() => JsonNodes.Array(chain.Plugins.Select(p => new JsonObject
    {
        ["name"] = p.Config.Name,
        ["file"] = p.Config.File,
        ["failOpen"] = p.Config.FailOpen,
        ["fuel"] = p.Config.Fuel,
        ["maxMemory"] = p.Config.MaxMemory,
        ["maxResponseBodySize"] = p.Config.MaxResponseBodySize,
        ["callbacks"] = p.Callbacks.ToString(),
    }));

    public async ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var exchange = new PluginExchange(context);
        var streams = new IPluginStream?[chain.Plugins.Count];
        try
        {
            for (var i = 0; i < streams.Length; i++)
            {
                streams[i] = chain.Plugins[i].Open(exchange);
            }

            if (!RunPhase(exchange, chain, streams, PluginPhase.RequestHeaders))
            {
                await FinishAsync(exchange).ConfigureAwait(false);
                return;
            }

            var http = context.HttpContext;
            if (chain.Has(PluginCallbacks.RequestBody) && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            {
                if (!await BufferRequestAsync(exchange).ConfigureAwait(false))
                {
                    return;
                }

                if (!RunPhase(exchange, chain, streams, PluginPhase.RequestBody))
                {
                    await FinishAsync(exchange).ConfigureAwait(false);
                    return;
                }

                context.RequestBody = exchange.RequestBody;
                http.Request.Headers.ContentLength = exchange.RequestBody!.Length;
            }

            if (!chain.Has(PluginCallbacks.ResponseHeaders | PluginCallbacks.ResponseBody) || Forwarding.UpgradeTunnel.IsWebSocketUpgrade(http))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await RunResponseAsync(exchange, chain, streams, next).ConfigureAwait(false);
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream?.Dispose();
            }
        }
    }

    private async ValueTask RunResponseAsync(PluginExchange exchange, PluginChain chain, IPluginStream?[] streams, ProxyStageDelegate next)
    {
        var context = exchange.Proxy;
        var response = context.HttpContext.Response;
        var original = response.Body;
        var buffer = chain.Has(PluginCallbacks.ResponseBody);
        var limit = chain.Plugins.Where(p => p.Callbacks.HasFlag(PluginCallbacks.ResponseBody)).Min(p => (long?)p.Config.MaxResponseBodySize) ?? 0;
        var body = new PluginResponseBody(original, buffer, limit, () => RunPhase(exchange, chain, streams, PluginPhase.ResponseHeaders));
        response.Body = body;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            response.Body = original;
        }

        if (context.Error != ForwarderError.None || response.HasStarted)
        {
            return;
        }

        if (!body.EnsureHeaders())
        {
            // The response was replaced: the upstream's body was dropped, and the headers a plugin saw go with it.
            await FinishAsync(exchange).ConfigureAwait(false);
            return;
        }

        if (!buffer)
        {
            return;
        }

        if (body.TooLarge)
        {
            Fail(exchange, "the response body", "body_too_large", failOpen: false);
            return;
        }

        exchange.ResponseBody = body.Buffered.ToArray();
        if (!RunPhase(exchange, chain, streams, PluginPhase.ResponseBody))
        {
            await FinishAsync(exchange).ConfigureAwait(false);
            return;
        }

        response.ContentLength = exchange.ResponseBody.Length;
        await original.WriteAsync(exchange.ResponseBody, context.HttpContext.RequestAborted).ConfigureAwait(false);
        context.BytesOut = exchange.ResponseBody.Length;
    }

    /// <summary>Runs one phase in every plugin (reversed on the response); false when a plugin ended the request.</summary>
    private bool RunPhase(PluginExchange exchange, PluginChain chain, IPluginStream?[] streams, PluginPhase phase)
    {
        exchange.Phase = phase;
        var response = phase is PluginPhase.ResponseHeaders or PluginPhase.ResponseBody;
        for (var n = 0; n < streams.Length; n++)
        {
            var i = response ? streams.Length - 1 - n : n;
            if (streams[i] is not { } stream)
            {
                continue;
            }

            var plugin = chain.Plugins[i];
            switch (stream.Run(phase))
            {
                case PluginOutcome.LocalResponse:
                    metrics.LocalResponse(exchange.Proxy.Route!.Id, plugin.Config.Name);
                    return false;
                case PluginOutcome.Failed:
                    // A failed instance is not reused: its memory may be half-written.
                    stream.Dispose();
                    streams[i] = null;
                    if (!Fail(exchange, plugin.Config.Name, exchange.Failure ?? "trap", plugin.Config.FailOpen))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>Records a failure; whether the request goes on (the plugin fails open).</summary>
    private bool Fail(PluginExchange exchange, string plugin, string reason, bool failOpen)
    {
        var context = exchange.Proxy;
        metrics.Failure(context.Route!.Id, plugin, reason, failOpen);
        LogPluginFailed(logger, context.Route.Id, plugin, reason, failOpen);
        exchange.Failure = null;
        if (failOpen)
        {
            return true;
        }

        context.Error = ForwarderError.PluginFailed;
        context.ErrorCode = ErrorCodes.PluginFailed;
        context.ErrorDetail = $"The gateway plugin '{plugin}' failed ({reason}).";
        return false;
    }

    private static async ValueTask<bool> BufferRequestAsync(PluginExchange exchange)
    {
        var context = exchange.Proxy;
        var http = context.HttpContext;
        var limit = context.Route!.Config.MaxRequestBodySize;
        if (limit > 0 && http.Request.ContentLength > limit)
        {
            context.Error = ForwarderError.RequestBodyTooLarge;
            return false;
        }

        using var buffer = new MemoryStream();
        try
        {
            var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (sizeFeature is { IsReadOnly: false })
            {
                sizeFeature.MaxRequestBodySize = limit == 0 ? null : limit;
            }

            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            context.Error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ForwarderError.RequestBodyTooLarge : ForwarderError.RequestBodyClient;
            return false;
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            context.Error = ForwarderError.ClientDisconnected;
            return false;
        }

        exchange.RequestBody = buffer.ToArray();
        return true;
    }

    /// <summary>Writes the local response a plugin sent; a failure is written by the request handler.</summary>
    private static async ValueTask FinishAsync(PluginExchange exchange)
    {
        if (exchange.LocalResponse is not { } local || exchange.Proxy.Error != ForwarderError.None)
        {
            return;
        }

        var response = exchange.Http.Response;
        response.Clear();
        response.StatusCode = local.Status;
        foreach (var (name, value) in local.Headers)
        {
            response.Headers.Append(name, value);
        }

        response.ContentLength = local.Body.Length;
        if (local.Body.Length > 0)
        {
            await response.Body.WriteAsync(local.Body, exchange.Http.RequestAborted).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.PluginFailed, Level = LogLevel.Warning, Message = "Route {RouteId}: plugin {Plugin} failed ({Reason}); fail open: {FailOpen}")]
    private static partial void LogPluginFailed(ILogger logger, string routeId, string plugin, string reason, bool failOpen);
}
