using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Atrium.Gateway.Tests.Security;

public sealed class CorsTests : IAsyncLifetime
{
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync(app => app.Map("/{**path}", EchoResponse.Write));
        _gateway = await GatewayHost.StartAsync($$"""
            routes:
              - id: api
                match: { path: "/api" }
                cluster: echo
                cors: { allowedOrigins: ["https://app.example.com"], allowedMethods: [GET, PUT], allowedHeaders: [x-trace, content-type], exposedHeaders: [x-total], allowCredentials: true, maxAge: 5m }
            clusters:
              echo: { endpoints: ["{{_upstream.Address}}"] }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_AnsweredByGateway()
    {
        using var response = await Preflight("https://app.example.com", "PUT", "x-trace");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://app.example.com"]);
        response.Headers.GetValues("Access-Control-Allow-Methods").ShouldBe(["PUT"]);
        response.Headers.GetValues("Access-Control-Allow-Headers").ShouldBe(["x-trace"]);
        response.Headers.GetValues("Access-Control-Allow-Credentials").ShouldBe(["true"]);
        response.Headers.GetValues("Access-Control-Max-Age").ShouldBe(["300"]);
    }

    [Theory]
    [InlineData("https://evil.example.com", "PUT", "x-trace")]
    [InlineData("https://app.example.com", "DELETE", "")]
    [InlineData("https://app.example.com", "PUT", "x-other")]
    public async Task Preflight_Disallowed_NoCorsHeaders(string origin, string method, string headers)
    {
        using var response = await Preflight(origin, method, headers);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task SimpleRequest_AllowedOrigin_GetsCorsHeaders_OtherOriginDoesNot()
    {
        using var client = _gateway!.Client();
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api") { Headers = { { "Origin", "https://app.example.com" } } };
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api") { Headers = { { "Origin", "https://evil.example.com" } } };

        using var ok = await client.SendAsync(allowed);
        using var refused = await client.SendAsync(other);

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        ok.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://app.example.com"]);
        ok.Headers.GetValues("Access-Control-Expose-Headers").ShouldBe(["x-total"]);
        ok.Headers.Vary.ShouldContain("Origin");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    private async Task<HttpResponseMessage> Preflight(string origin, string method, string headers)
    {
        using var client = _gateway!.Client();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers.Length > 0)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await client.SendAsync(request);
    }
}
