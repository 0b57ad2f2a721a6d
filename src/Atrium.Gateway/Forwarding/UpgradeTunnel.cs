using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Relays an HTTP/1.1 protocol upgrade (WebSocket) as an opaque duplex byte stream: the upstream's 101 is passed to
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
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var toUpstream = PumpAsync(client, upstream, stop.Token);
            var toClient = PumpAsync(upstream, client, stop.Token);
            var first = await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
            if (stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                // The pumps stop on the token; then the close frames go out with nothing else writing.
                await Task.WhenAny(Task.WhenAll(toUpstream, toClient), Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
                if (IsWebSocket(context.Request))
                {
                    await GoAwayAsync(client, upstream, logger).ConfigureAwait(false);
                }

                return ForwarderError.None;
            }

            // One side closed: give the other a moment to deliver what is in flight (a close frame), then end both.
            var other = first == toUpstream ? toClient : toUpstream;
            if (first == toUpstream)
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

    private static bool IsWebSocket(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    private static async Task GoAwayAsync(Stream client, Stream upstream, ILogger logger)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var toClient = WebSocketCloseFrame.Create(WebSocketCloseFrame.GoingAway, "gateway stopping", masked: false);
        var toUpstream = WebSocketCloseFrame.Create(WebSocketCloseFrame.GoingAway, "gateway stopping", masked: true);
        var sentClient = await TrySendAsync(client, toClient, timeout.Token).ConfigureAwait(false);
        var sentUpstream = await TrySendAsync(upstream, toUpstream, timeout.Token).ConfigureAwait(false);
        LogGoingAway(logger, sentClient, sentUpstream);
    }

    private static async Task<bool> TrySendAsync(Stream destination, byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            await destination.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task PumpAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // A side closed or reset: the tunnel ends, which is the signal the other side needs.
        }
    }

    [LoggerMessage(EventId = 3320, Level = LogLevel.Information,
        Message = "Gateway stopping: WebSocket closed with 1001 Going Away (client: {ClientSent}, upstream: {UpstreamSent})")]
    private static partial void LogGoingAway(ILogger logger, bool clientSent, bool upstreamSent);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Protocol upgrade failed: {Reason}")]
    private static partial void LogUpgradeFailed(ILogger logger, string reason);
}
