using System.Net.WebSockets;
using System.Text;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class WebSocketTests : IAsyncLifetime
{
    private const WebSocketCloseStatus UpstreamCloseStatus = (WebSocketCloseStatus)4000;
    private readonly TaskCompletionSource<(WebSocketCloseStatus? Status, string? Description)> _closedByClient =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Map("/ws", EchoAsync));
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: ws, match: { path: /ws }, cluster: up }
            clusters:
            {{RouteYaml.Cluster("up", _upstream.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Tunnel_TextAndBinaryMessages_EchoedThenClientCloseReachesUpstream()
    {
        using var socket = await ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            var text = $"message {i} " + new string('x', i * 1000);
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            var (type, data) = await ReceiveAsync(socket);
            type.ShouldBe(WebSocketMessageType.Text);
            Encoding.UTF8.GetString(data).ShouldBe(text);

            var binary = Enumerable.Range(0, 100 + i).Select(b => (byte)(b * 7 + i)).ToArray();
            await socket.SendAsync(binary, WebSocketMessageType.Binary, true, CancellationToken.None);
            (type, data) = await ReceiveAsync(socket);
            type.ShouldBe(WebSocketMessageType.Binary);
            data.ShouldBe(binary);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "client done", timeout.Token);

        socket.State.ShouldBe(WebSocketState.Closed);
        var (status, description) = await _closedByClient.Task.WaitAsync(TimeSpan.FromSeconds(10));
        status.ShouldBe(WebSocketCloseStatus.NormalClosure);
        description.ShouldBe("client done");
    }

    [Fact]
    public async Task Tunnel_UpstreamCloses_ClientReceivesCloseStatusAndDescription()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync("close-me"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var (type, _) = await ReceiveAsync(socket);

        type.ShouldBe(WebSocketMessageType.Close);
        socket.CloseStatus.ShouldBe(UpstreamCloseStatus);
        socket.CloseStatusDescription.ShouldBe("upstream bye");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ack", timeout.Token);
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_gateway!.ProxyPort}/ws"), timeout.Token);
        return socket;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    private async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        while (true)
        {
            var (type, data) = await ReceiveAsync(socket);
            if (type == WebSocketMessageType.Close)
            {
                _closedByClient.TrySetResult((socket.CloseStatus, socket.CloseStatusDescription));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            if (type == WebSocketMessageType.Text && Encoding.UTF8.GetString(data) == "close-me")
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.CloseAsync(UpstreamCloseStatus, "upstream bye", timeout.Token);
                return;
            }

            await socket.SendAsync(data, type, true, CancellationToken.None);
        }
    }
}
