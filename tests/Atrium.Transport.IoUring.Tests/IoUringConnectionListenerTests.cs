using System.Net;
using System.Net.Sockets;
using System.Text;
using Atrium.Testing;
using Atrium.Transport.IoUring.Tests.Infrastructure;

namespace Atrium.Transport.IoUring.Tests;

public sealed class IoUringConnectionListenerTests
{
    [Fact]
    public async Task AcceptAsync_HundredsOfConcurrentConnections_EachEchoedWhole()
    {
        await using var server = await IoUringServer.StartAsync();

        var clients = Enumerable.Range(0, 300).Select(async i =>
        {
            using var socket = await IoUringServer.ConnectAsync(server.EchoPort);
            var payload = Encoding.ASCII.GetBytes($"connection {i} " + new string((char)('a' + (i % 26)), 1000));
            await socket.SendAsync(payload);
            socket.Shutdown(SocketShutdown.Send);
            return (Sent: payload, Echoed: await IoUringServer.ReadToEndAsync(socket));
        }).ToList();

        foreach (var (sent, echoed) in await Task.WhenAll(clients))
        {
            Encoding.ASCII.GetString(echoed).ShouldBe(Encoding.ASCII.GetString(sent) + "<eof>");
        }
    }

    [Fact]
    public async Task UnbindAsync_StopWithARequestInFlightAndAnIdleConnection_FinishesTheRequestAndClosesTheRest()
    {
        await using var server = await IoUringServer.StartAsync();
        var held = server.Client.GetStringAsync(server.Http("/held"));
        await server.HeldArrived.Task;
        using var idle = await IoUringServer.ConnectAsync(server.HttpPort);

        var stopping = server.StopAsync();

        // The idle connection is closed by the server while the held request still runs, and nothing new is accepted.
        (await IoUringServer.ReadToEndAsync(idle)).ShouldBeEmpty();
        await Eventually.UntilAsync(async () => !await FreePort.IsListeningAsync(server.HttpPort), "the listener is unbound");
        stopping.IsCompleted.ShouldBeFalse();
        server.ReleaseHeld.SetResult();
        (await held).ShouldBe("released");
        await stopping;
    }

    [Fact]
    public async Task BindAsync_PortInUse_FailsNamingIt()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var error = await Should.ThrowAsync<IOException>(() => IoUringServer.StartAsync(port));

        error.Message.ShouldContain("address already in use");
    }
}
