using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class ErrorResponsesTests : IAsyncLifetime
{
    private const int BodyLimit = 1024;
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app =>
        {
            // Answers only when the gateway gives up on it, so only the route timeout can end the request in time.
            app.MapGet("/slow", async context =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                await context.Response.WriteAsync("late");
            });
            app.MapPost("/upload", async context =>
            {
                var total = 0L;
                var buffer = new byte[8192];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    total += read;
                }

                await context.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
        });
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: slow, match: { path: /slow }, cluster: up, timeout: 200ms }
              - { id: upload, match: { path: /upload }, cluster: up, maxRequestBodySize: {{BodyLimit}} }
              - { id: down, match: { path: /down }, cluster: down }
            clusters:
            {{RouteYaml.Cluster("up", _upstream.Address)}}
            {{RouteYaml.Cluster("down", FreePort.ClosedAddress())}}
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Forward_UpstreamSlowerThanRouteTimeout_Returns504UpstreamTimeout()
    {
        using var client = _gateway!.Client();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/slow");

        // Far past the 200 ms route timeout, and far short of the client's own: room for a cold gateway on a slow machine.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        await ShouldBeProblem(response, HttpStatusCode.GatewayTimeout, "UPSTREAM_TIMEOUT");
    }

    [Fact]
    public async Task Forward_AfterAnUpstreamTimeout_NextRequestIsForwarded()
    {
        using var client = _gateway!.Client();
        using var timedOut = await client.GetAsync("/slow");
        timedOut.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);

        // The timed-out request's timeout source must not come back cancelled for the next one.
        using var next = await client.PostAsync("/upload", new ByteArrayContent(new byte[10]));

        next.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await next.Content.ReadAsStringAsync()).ShouldBe("10");
    }

    [Fact]
    public async Task Forward_EndpointRefusesConnection_Returns503UpstreamUnavailable()
    {
        using var client = _gateway!.Client();

        using var response = await client.GetAsync("/down");

        await ShouldBeProblem(response, HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE");
    }

    [Fact]
    public async Task Forward_ContentLengthOverLimit_Returns413WithoutCallingUpstream()
    {
        using var client = _gateway!.Client();

        using var response = await client.PostAsync("/upload", new ByteArrayContent(new byte[BodyLimit + 1]));

        await ShouldBeProblem(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Forward_ContentLengthAtLimit_IsForwarded()
    {
        using var client = _gateway!.Client();

        using var response = await client.PostAsync("/upload", new ByteArrayContent(new byte[BodyLimit]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Forward_ChunkedBodyOverLimit_Returns413()
    {
        // The upstream reads the whole body before answering, so the limit trips while the response has not started:
        // the gateway can still answer 413. (Had the upstream answered first, the only honest signal would be a reset.)
        using var client = _gateway!.Client();
        var content = new ChunkedContent(BodyLimit * 4);

        using var response = await client.PostAsync("/upload", content);

        content.SentChunked.ShouldBeTrue();
        await ShouldBeProblem(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Forward_ChunkedBodyUnderLimit_IsForwarded()
    {
        using var client = _gateway!.Client();

        using var response = await client.PostAsync("/upload", new ChunkedContent(BodyLimit / 2));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe((BodyLimit / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.GetValues("X-Error-Code").ShouldBe([code]);
        using var body = JsonDocument.Parse(text);
        body.RootElement.GetProperty("code").GetString().ShouldBe(code);
        body.RootElement.GetProperty("status").GetInt32().ShouldBe((int)status);
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked, in small pieces.</summary>
    private sealed class ChunkedContent(int size) : HttpContent
    {
        public bool SentChunked { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            SentChunked = Headers.ContentLength is null;
            var piece = new byte[256];
            for (var sent = 0; sent < size; sent += piece.Length)
            {
                await stream.WriteAsync(piece.AsMemory(0, Math.Min(piece.Length, size - sent)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
