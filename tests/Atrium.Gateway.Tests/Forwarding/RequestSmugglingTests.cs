using System.Net.Sockets;
using System.Text;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class RequestSmugglingTests : IAsyncLifetime
{
    private Upstream? _upstream;
    private GatewayHost? _gateway;
    private int _upstreamRequests;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref _upstreamRequests);
            return EchoResponse.Write(context);
        }));
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { path: "/{**rest}" }, cluster: echo }
            clusters:
            {{RouteYaml.Cluster("echo", _upstream.Address)}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Request_ContentLengthAndChunked_Returns400AndClosesConnection()
    {
        // "0\r\n\r\n" ends the chunked body; a Content-Length reader would take "0\r\n\r" and see "\nGET..." as the next request.
        var raw =
            "POST /smuggle HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Content-Length: 4\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            "0\r\n\r\n" +
            "GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        var answer = await RawExchange(raw);

        answer.ShouldStartWith("HTTP/1.1 400");
        CountResponses(answer).ShouldBe(1, answer);
        Volatile.Read(ref _upstreamRequests).ShouldBe(0);
    }

    [Fact]
    public async Task Request_ContentLengthAndChunked_PipelinedRequestIsNotServed()
    {
        // Kestrel (10.0) on its own: reads the body as chunked, renames Content-Length to X-Content-Length, answers
        // with "Connection: close" and drops whatever the client pipelined after the body.
        var raw =
            "POST /smuggle HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Content-Length: 4\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            "0\r\n\r\n" +
            "GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        var answer = await RawExchange(raw);

        CountResponses(answer).ShouldBe(1, answer);
        answer.ShouldNotContain("/second");
    }

    [Fact]
    public async Task Request_ChunkedOnly_IsForwarded()
    {
        var raw =
            "POST /chunked HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "Connection: close\r\n" +
            "\r\n" +
            "4\r\nabcd\r\n0\r\n\r\n";

        var answer = await RawExchange(raw);

        answer.ShouldStartWith("HTTP/1.1 200");
        answer.ShouldContain("\"path\":\"/chunked\"");
    }

    /// <summary>Sends <paramref name="raw"/> and reads until the server closes the connection (or fails after 10 s).</summary>
    private async Task<string> RawExchange(string raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _gateway!.ProxyPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException("The connection was not closed within 10 s; received:\n" + Encoding.ASCII.GetString(received.ToArray()));
        }
        catch (IOException)
        {
            // A reset after the answer also ends the connection.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    private static int CountResponses(string answer)
    {
        var count = 0;
        for (var i = answer.IndexOf("HTTP/1.1 ", StringComparison.Ordinal); i >= 0; i = answer.IndexOf("HTTP/1.1 ", i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
