using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Atrium.Transport.IoUring.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;

namespace Atrium.Transport.IoUring.Tests;

public sealed class IoUringConnectionTests : IAsyncLifetime
{
    private const int Megabytes8 = 8 * 1024 * 1024;
    private IoUringServer _server = null!;

    public async Task InitializeAsync() => _server = await IoUringServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Request_OverKestrel_IsServedOnAnIoUringConnection()
    {
        (await _server.Client.GetStringAsync(_server.Http("/hello"))).ShouldBe("hello");

        // The transport names its connections, so this proves Kestrel did not fall back to its sockets.
        (await _server.Client.GetStringAsync(_server.Http("/connection"))).ShouldStartWith("iou-");
    }

    [Fact]
    public async Task Receive_ClientHalfCloses_ServerSeesTheEndAndStillSends()
    {
        using var socket = await IoUringServer.ConnectAsync(_server.EchoPort);
        await socket.SendAsync("abc"u8.ToArray());
        socket.Shutdown(SocketShutdown.Send);

        Encoding.ASCII.GetString(await IoUringServer.ReadToEndAsync(socket)).ShouldBe("abc<eof>");
        (await _server.EchoInputEnded.Reader.ReadAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Send_ServerClosesAfterResponse_ClientSeesResponseThenEnd()
    {
        using var socket = await IoUringServer.ConnectAsync(_server.HttpPort);
        await socket.SendAsync("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"u8.ToArray());

        // ReadToEnd returns only once the server's FIN arrived.
        var response = Encoding.ASCII.GetString(await IoUringServer.ReadToEndAsync(socket));
        response.ShouldStartWith("HTTP/1.1 200 OK");
        response.ShouldContain("\r\nhello\r\n");
        response.ShouldEndWith("\r\n0\r\n\r\n");
    }

    [Fact]
    public async Task Receive_ClientCloses_InputEndsWithoutError()
    {
        using (var socket = await IoUringServer.ConnectAsync(_server.EchoPort))
        {
            await socket.SendAsync("x"u8.ToArray());
            var buffer = new byte[1];
            (await socket.ReceiveAsync(buffer)).ShouldBe(1);
        }

        (await _server.EchoInputEnded.Reader.ReadAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Receive_PeerResets_InputEndsWithConnectionResetAndServerGoesOn()
    {
        using (var socket = await IoUringServer.ConnectAsync(_server.EchoPort))
        {
            await socket.SendAsync("x"u8.ToArray());
            var buffer = new byte[1];
            (await socket.ReceiveAsync(buffer)).ShouldBe(1);
            // Linger 0: close sends a RST instead of a FIN.
            socket.LingerState = new LingerOption(true, 0);
        }

        (await _server.EchoInputEnded.Reader.ReadAsync()).ShouldBeOfType<ConnectionResetException>();
        (await _server.Client.GetStringAsync(_server.Http("/hello"))).ShouldBe("hello");
    }

    [Fact]
    public async Task Receive_UploadOfSeveralMegabytes_ArrivesWhole()
    {
        var body = RandomNumberGenerator.GetBytes(Megabytes8);

        using var response = await _server.Client.PostAsync(_server.Http("/sha256"), new ByteArrayContent(body));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).ShouldBe(Convert.ToHexString(SHA256.HashData(body)));
    }

    [Fact]
    public async Task Send_DownloadOfSeveralMegabytes_ArrivesWhole()
    {
        using var response = await _server.Client.GetAsync(_server.Http($"/bytes/{Megabytes8}"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();
        // A small buffer, so the server waits on the client's reads (the output pipe pauses at 64 KiB).
        var buffer = new byte[1000];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var expected = IoUringServer.Pattern(64 * 1024);
        received.Length.ShouldBe(Megabytes8);
        for (var offset = 0; offset < Megabytes8; offset += expected.Length)
        {
            received.GetBuffer().AsSpan(offset, expected.Length).SequenceEqual(expected).ShouldBeTrue($"bytes at {offset}");
        }
    }

    [Fact]
    public async Task Echo_SeveralMegabytesBothWaysAtOnce_ArriveWholeAndInOrder()
    {
        var body = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        using var socket = await IoUringServer.ConnectAsync(_server.EchoPort);

        // Both directions at once: the echo's output fills while the client is still sending.
        var reading = IoUringServer.ReadToEndAsync(socket);
        for (var offset = 0; offset < body.Length; offset += 100_000)
        {
            await socket.SendAsync(body.AsMemory(offset, Math.Min(100_000, body.Length - offset)));
        }

        socket.Shutdown(SocketShutdown.Send);
        var echoed = await reading;

        echoed.Length.ShouldBe(body.Length + 5);
        echoed.AsSpan(0, body.Length).SequenceEqual(body).ShouldBeTrue();
        (await _server.EchoInputEnded.Reader.ReadAsync()).ShouldBeNull();
    }
}
