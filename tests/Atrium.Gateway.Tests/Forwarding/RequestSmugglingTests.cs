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

    [Theory]
    [InlineData("gzip, chunked")]
    [InlineData("chunked, chunked")]
    [InlineData("identity, chunked")]
    public async Task Request_TransferCodingOtherThanChunked_Returns501AndClosesConnection(string coding)
    {
        // nginx answers 501 too; forwarding "gzip, chunked" as plain chunked would drop the gzip coding silently.
        var raw =
            "POST /coded HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            $"Transfer-Encoding: {coding}\r\n" +
            "\r\n" +
            "4\r\nabcd\r\n0\r\n\r\n" +
            "GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        var answer = await RawExchange(raw);

        answer.ShouldStartWith("HTTP/1.1 501");
        answer.ShouldContain("NOT_IMPLEMENTED");
        CountResponses(answer).ShouldBe(1, answer);
        Volatile.Read(ref _upstreamRequests).ShouldBe(0);
    }

    [Theory]
    [InlineData("+3")]
    [InlineData("+0")]
    public async Task Request_ContentLengthNotPlainDigits_Returns400AndClosesConnection(string length)
    {
        var raw =
            "POST /signed HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            $"Content-Length: {length}\r\n" +
            "\r\n" +
            "abc" +
            "GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        var answer = await RawExchange(raw);

        // Refused by Kestrel's own parser, through the proxy listener's strict Content-Length decoding.
        answer.ShouldStartWith("HTTP/1.1 400");
        CountResponses(answer).ShouldBe(1, answer);
        Volatile.Read(ref _upstreamRequests).ShouldBe(0);
    }

    [Fact]
    public async Task Request_Http10WithTransferEncoding_Returns400AndClosesConnection()
    {
        var raw =
            "POST /old HTTP/1.0\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            "4\r\nabcd\r\n0\r\n\r\n";

        var answer = await RawExchange(raw);

        answer.ShouldStartWith("HTTP/1.1 400");
        answer.ShouldContain("BAD_REQUEST");
        Volatile.Read(ref _upstreamRequests).ShouldBe(0);
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

    private Task<string> RawExchange(string raw) => RawHttp.ExchangeAsync(_gateway!.ProxyPort, raw);

    private static int CountResponses(string answer) => RawHttp.CountResponses(answer);
}
