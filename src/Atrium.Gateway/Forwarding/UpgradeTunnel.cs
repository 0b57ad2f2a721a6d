using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Relays an HTTP/1.1 WebSocket upgrade as an opaque duplex byte stream: the upstream's 101 is passed to
/// the client, then bytes flow both ways until either side closes, and the close is passed on. Frames, including
/// WebSocket close frames, are never parsed, so any subprotocol works. When the gateway stops (SIGTERM, module stop),
/// the tunnel ends with a WebSocket close 1001 (Going Away) sent to both sides.
/// </summary>
internal static partial class UpgradeTunnel
{
    public static async ValueTask<ForwarderError> RunAsync(HttpContext context, HttpResponseMessage response, ILogger logger, CancellationToken stopping)
    {
        foreach (var (name, values) in response.Headers)
        {
            // Upgrade is hop-by-hop, but a 101 without it is no upgrade: clients (ClientWebSocket, browsers) reject it.
            if (!HopByHopHeaders.Contains(name) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        Stream upstream;
        Stream client;
        try
        {
            upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            client = await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogUpgradeFailed(logger, ex.Message);
            return ForwarderError.UpgradeFailed;
        }

        await using (upstream.ConfigureAwait(false))
        await using (client.ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            // Reads from the client may be cancelled at any time (Kestrel's stream survives it); a cancelled read on
            // the upstream connection would abort it, so that side ends by disposal instead.
            using var toUpstream = new TunnelPump(client, upstream);
            using var toClient = new TunnelPump(upstream, client);
            using var stoppingRead = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var upstreamTask = toUpstream.RunAsync(stoppingRead.Token);
            var clientTask = toClient.RunAsync(stop.Token);
            var gatewayStopping = Task.Delay(Timeout.Infinite, stopping);
            var first = await Task.WhenAny(upstreamTask, clientTask, gatewayStopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                await GoAwayAsync(toClient, toUpstream, logger).ConfigureAwait(false);

                // Give the peers a moment to answer the close and hang up, then end both sides.
                await Task.WhenAny(Task.WhenAll(upstreamTask, clientTask), Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                return ForwarderError.None;
            }

            // One side closed: give the other a moment to deliver what is in flight (a close frame), then end both.
            var other = first == upstreamTask ? clientTask : upstreamTask;
            if (first == upstreamTask)
            {
                await upstream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }

        return ForwarderError.None;
    }

    /// <summary>
    /// Whether the request asks to become a WebSocket, the one upgrade the gateway tunnels. Any other (<c>h2c</c>,
    /// made-up protocols) is forwarded as a plain request without its Upgrade header: tunnelling it would hand the
    /// connection to whatever the upstream speaks, out of reach of the gateway's routing and policies.
    /// </summary>
    public static bool IsWebSocketUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
        && context.Request.Headers.Upgrade is { Count: 1 } upgrade
        && upgrade[0] is { } protocol
        && protocol.Trim().Equals("websocket", StringComparison.OrdinalIgnoreCase);

    private static async Task GoAwayAsync(TunnelPump toClient, TunnelPump toUpstream, ILogger logger)
    {
        var sentClient = await toClient.SealAsync(
            WebSocketCloseFrame.Create(WebSocketCloseFrame.GoingAway, "gateway stopping", masked: false)).ConfigureAwait(false);
        var sentUpstream = await toUpstream.SealAsync(
            WebSocketCloseFrame.Create(WebSocketCloseFrame.GoingAway, "gateway stopping", masked: true)).ConfigureAwait(false);
        LogGoingAway(logger, sentClient, sentUpstream);
    }

    [LoggerMessage(EventId = GatewayEventIds.UpgradeGoingAway, Level = LogLevel.Information,
        Message = "Gateway stopping: WebSocket closed with 1001 Going Away (client: {ClientSent}, upstream: {UpstreamSent})")]
    private static partial void LogGoingAway(ILogger logger, bool clientSent, bool upstreamSent);

    [LoggerMessage(EventId = GatewayEventIds.UpgradeFailed, Level = LogLevel.Warning, Message = "Protocol upgrade failed: {Reason}")]
    private static partial void LogUpgradeFailed(ILogger logger, string reason);
}
