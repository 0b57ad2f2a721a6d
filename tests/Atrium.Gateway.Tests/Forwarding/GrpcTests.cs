using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Forwarding;

/// <summary>gRPC-shaped calls (HTTP/2, length-prefixed messages, status in trailers) through the h2c listener.</summary>
public sealed class GrpcTests : IAsyncLifetime
{
    private static readonly byte[] Reply = Frame([10, 3, 102, 111, 111]);
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app =>
        {
            app.MapPost("/test.Echo/Ok", context => Answer(context, "0", ""));
            app.MapPost("/test.Echo/Fail", context => Answer(context, "3", "bad%20input%3A%20%C3%A9"));
            // Answers only when the gateway gives up on it, so only the deadline can end the call in time.
            app.MapPost("/test.Echo/Slow", async context =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                await Answer(context, "0", "");
            });
        }, http2Only: true);
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: echo, match: { path: "/test.Echo/{method}" }, cluster: grpc }
              - { id: down, match: { path: "/down.Service/{method}" }, cluster: down }
            clusters:
            {{RouteYaml.Cluster("grpc", _upstream.Address, "    httpVersion: \"2\"")}}
            {{RouteYaml.Cluster("down", FreePort.ClosedAddress(), "    httpVersion: \"2\"")}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Call_Succeeds_MessageAndOkTrailersReachClient()
    {
        using var response = await Call("/test.Echo/Ok");
        var body = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Version.ShouldBe(HttpVersion.Version20);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/grpc");
        body.ShouldBe(Reply);
        response.TrailingHeaders.GetValues("grpc-status").ShouldBe(["0"]);
    }

    [Fact]
    public async Task Call_UpstreamError_StatusAndPercentEncodedMessageReachClientAsTrailers()
    {
        using var response = await Call("/test.Echo/Fail");
        var body = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldBe(Reply);
        response.TrailingHeaders.GetValues("grpc-status").ShouldBe(["3"]);
        response.TrailingHeaders.GetValues("grpc-message").ShouldBe(["bad%20input%3A%20%C3%A9"]);
    }

    [Fact]
    public async Task Call_GrpcTimeoutShorterThanUpstream_ReturnsDeadlineExceededTrailersOnly()
    {
        var clock = Stopwatch.StartNew();

        using var response = await Call("/test.Echo/Slow", r => r.Headers.Add("grpc-timeout", "100m"));
        var body = await response.Content.ReadAsByteArrayAsync();

        // Far past the 100 ms deadline, and far short of the client's own timeout: room for a cold gateway on a slow machine.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        ShouldBeGatewayStatus(response, body, "4");
    }

    [Fact]
    public async Task Call_ClusterUnreachable_ReturnsUnavailable()
    {
        using var response = await Call("/down.Service/Call");
        var body = await response.Content.ReadAsByteArrayAsync();

        ShouldBeGatewayStatus(response, body, "14");
    }

    [Fact]
    public async Task Call_NoRoute_ReturnsNotFoundStatus()
    {
        using var response = await Call("/missing.Service/Call");
        var body = await response.Content.ReadAsByteArrayAsync();

        ShouldBeGatewayStatus(response, body, "5");
    }

    /// <summary>A gateway-raised gRPC error: HTTP 200, application/grpc, the status in headers or trailers, no body.</summary>
    private static void ShouldBeGatewayStatus(HttpResponseMessage response, byte[] body, string status)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, response.ToString() + System.Text.Encoding.UTF8.GetString(body));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/grpc");
        body.ShouldBeEmpty();
        var values = response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders : response.TrailingHeaders.GetValues("grpc-status");
        values.ShouldBe([status]);
    }

    private async Task<HttpResponseMessage> Call(string path, Action<HttpRequestMessage>? configure = null)
    {
        using var client = _gateway!.Http2Client();
        // DefaultRequestVersion applies only to requests HttpClient creates itself (GetAsync...), not to SendAsync.
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Frame([8, 1])),
            Version = client.DefaultRequestVersion,
            VersionPolicy = client.DefaultVersionPolicy,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task Answer(HttpContext context, string status, string message)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(Reply, context.RequestAborted);
        context.Response.AppendTrailer("grpc-status", status);
        if (message.Length > 0)
        {
            context.Response.AppendTrailer("grpc-message", message);
        }
    }

    /// <summary>One gRPC message: uncompressed flag, 4-byte big-endian length, payload.</summary>
    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
