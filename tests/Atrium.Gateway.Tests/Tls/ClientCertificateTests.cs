using System.Net;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Tls;

/// <summary>An mTLS listener: clients without a certificate of the CA are refused; the verified subject reaches routes and upstreams.</summary>
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly TestCertificates _ca = new();
    private readonly TestCertificates _otherCa = new("Other CA");
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        var server = _ca.Server("server", "gateway.test");
        _upstream = await Upstream.StartAsync(app => app.MapGet("/{**path}", (HttpContext c) => $"{c.Request.Path} {c.Request.Headers["X-Client-Cert-Subject"]}"));
        _gateway = await GatewayHost.StartWithSectionAsync((proxyPort, adminPort) => $$"""
            listen: ["https://127.0.0.1:{{proxyPort}}"]
            admin:
              listen: ["http://127.0.0.1:{{adminPort}}"]
              {{GatewayHost.DefaultAdminYaml}}
            tls:
              certificatePath: {{server.CertificatePath}}
              keyPath: {{server.KeyPath}}
              clientCertificates:
                - { listen: "https://127.0.0.1:{{proxyPort}}", caPath: {{_ca.AuthorityPath}} }
            routes:
              - { id: ops, match: { path: /ops, headers: [{ name: X-Client-Cert-Subject, values: ["CN=ops, O=Atrium"] }] }, cluster: up }
              - { id: any, match: { pathPrefix: / }, cluster: up }
            clusters:
              up: { endpoints: ["{{_upstream.Address}}"] }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
        _ca.Dispose();
        _otherCa.Dispose();
    }

    [Fact]
    public async Task Request_WithoutClientCertificate_RefusedInHandshake()
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync("/any"));
    }

    [Fact]
    public async Task Request_CertificateOfAnotherCa_RefusedInHandshake()
    {
        var stranger = _otherCa.Client("stranger", "CN=ops, O=Atrium");
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority, stranger.Certificate);

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync("/ops"));
    }

    [Fact]
    public async Task Request_VerifiedSubject_MatchesRouteAndReachesUpstream()
    {
        var ops = _ca.Client("ops", "CN=ops, O=Atrium");
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority, ops.Certificate);

        (await client.GetStringAsync("/ops")).ShouldBe("/ops CN=ops, O=Atrium");
    }

    [Fact]
    public async Task Request_SubjectHeaderForged_ReplacedByVerifiedSubject()
    {
        var guest = _ca.Client("guest", "CN=guest");
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority, guest.Certificate);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops");
        request.Headers.Add("X-Client-Cert-Subject", "CN=ops, O=Atrium");

        using var response = await client.SendAsync(request);

        // The forged value neither matches the ops route (the catch-all answers) nor reaches the upstream.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("/ops CN=guest");
    }
}
