using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Relays an HTTP/1.1 protocol upgrade (WebSocket) as an opaque duplex byte stream: the upstream's 101 is passed to
/// the client, then bytes flow both ways until either side closes, and the close is passed on. Frames, including
/// WebSocket close frames, are never parsed, so any subprotocol works.
/// </summary>
internal static partial class UpgradeTunnel
{
    public static async ValueTask<ForwarderError> RunAsync(HttpContext context, HttpResponseMessage response, ILogger logger)
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
            var toUpstream = PumpAsync(client, upstream, stop.Token);
            var toClient = PumpAsync(upstream, client, stop.Token);
            var first = await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);

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

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Protocol upgrade failed: {Reason}")]
    private static partial void LogUpgradeFailed(ILogger logger, string reason);
}
