using System.Net;
using Atrium.Gateway.Callouts;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// Copies a sample of a route's requests to its shadow cluster, fire-and-forget: the copy's headers are built here
/// (the same way the forwarder builds the primary's, identity included), then it is sent on the thread pool under
/// its own timeout and never awaited; its response is discarded. Requests with a body are not mirrored (the body
/// streams to the primary unbuffered and cannot be read twice), nor are protocol upgrades. When
/// <c>maxConcurrency</c> copies are in flight, further copies are dropped and counted.
/// </summary>
internal sealed partial class MirrorStage(PolicyMetrics metrics, ILogger<MirrorStage> logger) : IProxyStage
{
    public string Name => "mirror";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var mirror = context.Route!.Policies.Mirror as MirrorPolicy;
        if (mirror is not null && mirror.Sample())
        {
            TryMirror(context, mirror);
        }

        return next(context);
    }

    private void TryMirror(ProxyContext context, MirrorPolicy mirror)
    {
        var features = context.HttpContext.Features;
        if (features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true || features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            metrics.Decision(context.Route!.Id, "mirror", "skipped_body");
            return;
        }

        // The shadow cluster's own balancing policy, over its available endpoints.
        var endpoint = ClusterCallout.PickEndpoint(context, mirror.Cluster);
        if (endpoint is null || !mirror.Slots.Wait(0))
        {
            metrics.Decision(context.Route!.Id, "mirror", "dropped");
            return;
        }

        HttpRequestMessage request;
        try
        {
            var incoming = context.HttpContext.Request;
            request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), UpstreamAddress.Create(endpoint.Base, context.UpstreamPath, incoming.QueryString.Value))
            {
                Version = mirror.Cluster.Version,
                VersionPolicy = mirror.Cluster.VersionPolicy,
            };
            HttpForwarder.CopyRequestHeaders(context, context.Route!, request, isUpgrade: false);
        }
        catch (Exception ex) when (ex is UriFormatException or InvalidOperationException or FormatException)
        {
            mirror.Slots.Release();
            LogMirrorFailed(logger, context.Route!.Id, ex.Message);
            return;
        }

        mirror.Cluster.OnRequestStart();
        var routeId = context.Route!.Id;
        _ = Task.Run(() => SendAsync(mirror, request, routeId));
    }

    private async Task SendAsync(MirrorPolicy mirror, HttpRequestMessage request, string routeId)
    {
        using var timeout = new CancellationTokenSource(mirror.Config.Timeout);
        try
        {
            using var response = await mirror.Cluster.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            metrics.Decision(routeId, "mirror", response.StatusCode < HttpStatusCode.InternalServerError ? "mirrored" : "failed");
        }
        catch (Exception ex)
        {
            metrics.Decision(routeId, "mirror", timeout.IsCancellationRequested ? "timed_out" : "failed");
            LogMirrorFailed(logger, routeId, ex.Message);
        }
        finally
        {
            request.Dispose();
            mirror.Cluster.OnRequestEnd();
            mirror.Slots.Release();
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.MirrorFailed, Level = LogLevel.Debug, Message = "Route {RouteId}: mirrored copy failed: {Reason}")]
    private static partial void LogMirrorFailed(ILogger logger, string routeId, string reason);
}
