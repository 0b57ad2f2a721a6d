using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class ForwardedHeadersTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    [Fact]
    public async Task Apply_NoIncomingHeaders_AddsForProtoHost()
    {
        var echo = await Send(fixture.Untrusting, _ => { });

        echo.Header("X-Forwarded-For").ShouldBe(["127.0.0.1"]);
        echo.Header("X-Forwarded-Proto").ShouldBe(["http"]);
        echo.Header("X-Forwarded-Host").ShouldBe([$"127.0.0.1:{fixture.Untrusting.ProxyPort}"]);
    }

    [Fact]
    public async Task Apply_UntrustedPeerSendsHeaders_ReplacesThem()
    {
        var echo = await Send(fixture.Untrusting, Forged);

        echo.Header("X-Forwarded-For").ShouldBe(["127.0.0.1"]);
        echo.Header("X-Forwarded-Proto").ShouldBe(["http"]);
        echo.Header("X-Forwarded-Host").ShouldBe([$"127.0.0.1:{fixture.Untrusting.ProxyPort}"]);
    }

    [Fact]
    public async Task Apply_TrustedPeerSendsHeaders_AppendsPeerAndKeepsProtoHost()
    {
        var echo = await Send(fixture.Trusting, Forged);

        echo.Header("X-Forwarded-For").ShouldBe(["203.0.113.7, 127.0.0.1"]);
        echo.Header("X-Forwarded-Proto").ShouldBe(["https"]);
        echo.Header("X-Forwarded-Host").ShouldBe(["shop.example.com"]);
    }

    [Fact]
    public async Task Apply_TrustedPeerWithoutHeaders_AddsOwn()
    {
        var echo = await Send(fixture.Trusting, _ => { });

        echo.Header("X-Forwarded-For").ShouldBe(["127.0.0.1"]);
        echo.Header("X-Forwarded-Proto").ShouldBe(["http"]);
    }

    [Fact]
    public async Task Apply_UntrustedPeerSendsForwardedAndRealIp_ReplacesThemWithItsOwn()
    {
        var echo = await Send(fixture.Untrusting, Forged);

        echo.Header("Forwarded").ShouldBe([$"for=127.0.0.1;proto=http;host=\"127.0.0.1:{fixture.Untrusting.ProxyPort}\""]);
        echo.Header("X-Real-IP").ShouldBe(["127.0.0.1"]);
    }

    [Fact]
    public async Task Apply_TrustedPeerSendsForwardedAndRealIp_AppendsThisHopAndReadsTheClientFromTheChain()
    {
        var echo = await Send(fixture.Trusting, r =>
        {
            Forged(r);
            r.Headers.Host = "shop.example.com";
        });

        echo.Header("Forwarded").ShouldBe(["for=203.0.113.7;proto=https, for=127.0.0.1;proto=http;host=shop.example.com"]);
        echo.Header("X-Real-IP").ShouldBe(["203.0.113.7"]);
    }

    [Fact]
    public async Task Host_Default_UpstreamSeesEndpointHost()
    {
        var echo = await Send(fixture.Untrusting, r => r.Headers.Host = "client.example.com");

        echo.Host.ShouldBe(new Uri(fixture.Upstream.Address).Authority);
        echo.Header("X-Forwarded-Host").ShouldBe(["client.example.com"]);
    }

    [Fact]
    public async Task Host_PreserveHost_UpstreamSeesClientHost()
    {
        var echo = await Send(fixture.Untrusting, r => r.Headers.Host = "client.example.com", "/preserve/x");

        echo.Host.ShouldBe("client.example.com");
    }

    private static void Forged(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "shop.example.com");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.7;proto=https");
        request.Headers.Add("X-Real-IP", "198.51.100.1");
    }

    private static async Task<EchoResponse> Send(GatewayHost gateway, Action<HttpRequestMessage> configure, string path = "/echo")
    {
        using var client = gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        using var response = await client.SendAsync(request);
        return await EchoResponse.ReadAsync(response);
    }
}
