using System.Diagnostics;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class TracingTests : IAsyncLifetime
{
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - { id: all, match: { pathPrefix: / }, cluster: echo }
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
    public async Task Forward_IncomingTraceparent_UpstreamGetsSameTraceAndGatewaySpanAsParent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var parentId = ActivitySpanId.CreateRandom().ToHexString();

        var upstream = await SendAsync($"00-{traceId}-{parentId}-01");

        var (upstreamTrace, upstreamParent, flags) = Parse(upstream);
        upstreamTrace.ShouldBe(traceId);
        upstreamParent.ShouldNotBe(parentId);
        upstreamParent.ShouldNotBe("0000000000000000");
        flags.ShouldBe("01");
    }

    [Fact]
    public async Task Forward_NoTraceparent_UpstreamStillGetsOne()
    {
        var upstream = await SendAsync(null);

        var (traceId, parentId, _) = Parse(upstream);
        traceId.ShouldNotBe(new string('0', 32));
        parentId.ShouldNotBe(new string('0', 16));
    }

    private async Task<string> SendAsync(string? traceparent)
    {
        using var client = _gateway!.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/traced");
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        using var response = await client.SendAsync(request);
        var echo = await EchoResponse.ReadAsync(response);
        return echo.Header("traceparent").ShouldHaveSingleItem();
    }

    private static (string TraceId, string ParentId, string Flags) Parse(string traceparent)
    {
        traceparent.ShouldMatch("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
        var parts = traceparent.Split('-');
        return (parts[1], parts[2], parts[3]);
    }
}
