using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Draining;

public sealed class DrainingTests : IAsyncLifetime
{
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _upstreamSawClose = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Upstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app =>
        {
            app.Map("/ws", HoldWebSocketAsync);
            app.MapGet("/slow", async context =>
            {
                _slowStarted.TrySetResult();
                await _slowReleased.Task;
                await context.Response.WriteAsync("finished");
            });
        });
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: up }
            clusters:
            {{RouteYaml.Cluster("up", _upstream.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Stop_InFlightRequest_FinishesThenListenerRefuses()
    {
        using var client = _gateway.Client();
        var slow = client.GetAsync("/slow");
        await _slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stop = _gateway.StopAsync();
        // The request is let finish only once the listener is closed, so it is one the stop has to drain.
        await Eventually.UntilAsync(async () => !await FreePort.IsListeningAsync(_gateway.ProxyAddress.Port), "the listener closes");
        stop.IsCompleted.ShouldBeFalse("the stop waits for the request in flight");
        _slowReleased.SetResult();

        using var response = await slow;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("finished");
        await stop;
        using var fresh = _gateway.Client();
        await Should.ThrowAsync<HttpRequestException>(() => fresh.GetAsync("/x"));
    }

    [Fact]
    public async Task Stop_WebSocketTunnel_ClosedWith1001OnBothSides()
    {
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway.ProxyPort}/ws"), timeout.Token);
        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64];
        (await socket.ReceiveAsync(buffer, timeout.Token)).MessageType.ShouldBe(WebSocketMessageType.Text);

        var stop = _gateway.StopAsync();
        var result = await socket.ReceiveAsync(buffer, timeout.Token);

        result.MessageType.ShouldBe(WebSocketMessageType.Close);
        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        (await _upstreamSawClose.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        await stop;
    }

    [Fact]
    public async Task Stop_Http2Connection_ReceivesGoAway()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(_gateway.H2cAddress.ToString()).Port);
        var stream = tcp.GetStream();
        // Connection preface and an empty SETTINGS frame (RFC 9113 §3.4).
        await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await stream.WriteAsync(new byte[] { 0, 0, 0, 0x4, 0, 0, 0, 0, 0 });
        await stream.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await ReadFrameTypeAsync(stream, timeout.Token)).ShouldBe((byte)0x4, "the server's SETTINGS comes first");

        var stop = _gateway.StopAsync();

        var types = new List<byte>();
        while (true)
        {
            var type = await ReadFrameTypeAsync(stream, timeout.Token);
            types.Add(type);
            if (type is 0x7 or 0xFF)
            {
                break;
            }
        }

        types.ShouldContain((byte)0x7, $"frames after stop: {string.Join(",", types)}");
        await stop;
    }

    /// <summary>Reads one frame; returns its type, or 0xFF when the connection closed.</summary>
    private static async Task<byte> ReadFrameTypeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[9];
        if (!await ReadExactlyOrEndAsync(stream, header, cancellationToken))
        {
            return 0xFF;
        }

        var length = (header[0] << 16) | (header[1] << 8) | header[2];
        var payload = new byte[length];
        if (!await ReadExactlyOrEndAsync(stream, payload, cancellationToken))
        {
            return 0xFF;
        }

        return header[3];
    }

    private static async Task<bool> ReadExactlyOrEndAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    private async Task HoldWebSocketAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64];
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                _upstreamSawClose.TrySetResult(null);
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _upstreamSawClose.TrySetResult(socket.CloseStatus);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, true, CancellationToken.None);
        }
    }
}
