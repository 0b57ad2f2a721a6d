using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Tests.Tls;

/// <summary>The https:// listener: certificates by SNI, files re-read for the next handshake, protocols and ALPN.</summary>
public sealed class ServerTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _ca = new();
    private CertificateFiles? _default;
    private Upstream? _upstream;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _default = _ca.Server("default", "default.test");
        var api = _ca.Server("api", "api.test");
        var wildcard = _ca.Server("wildcard", "*.apps.test");
        _upstream = await Upstream.StartAsync(app => app.MapGet("/hello", (HttpContext c) => $"hello over {c.Request.Protocol}"));
        _gateway = await GatewayHost.StartWithSectionAsync((proxyPort, adminPort) => $$"""
            listen: ["https://127.0.0.1:{{proxyPort}}"]
            admin:
              listen: ["http://127.0.0.1:{{adminPort}}"]
              {{GatewayHost.DefaultAdminYaml}}
            tls:
              certificatePath: {{_default.CertificatePath}}
              keyPath: {{_default.KeyPath}}
              certificates:
                - { hosts: [api.test], certificatePath: {{api.CertificatePath}}, keyPath: {{api.KeyPath}} }
                - { hosts: ["*.apps.test"], certificatePath: {{wildcard.CertificatePath}}, keyPath: {{wildcard.KeyPath}} }
            routes:
              - { id: hello, match: { path: /hello }, cluster: up }
            clusters:
              up: { endpoints: ["{{_upstream.Address}}"] }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _upstream!.DisposeAsync();
        _ca.Dispose();
    }

    [Theory]
    [InlineData("api.test", "CN=api.test")]
    [InlineData("API.test", "CN=api.test")]
    [InlineData("one.apps.test", "CN=*.apps.test")]
    [InlineData("a.b.apps.test", "CN=default.test")]
    [InlineData("apps.test", "CN=default.test")]
    [InlineData("unknown.test", "CN=default.test")]
    [InlineData(null, "CN=default.test")]
    public async Task Handshake_SniName_ServesItsCertificate(string? serverName, string subject) =>
        (await TlsClient.ServedSubjectAsync(_gateway!.ProxyPort, serverName)).ShouldBe(subject);

    [Fact]
    public async Task Request_OverHttps_AlpnNegotiatesHttp2AndForwards()
    {
        var (tcp, tls) = await TlsClient.HandshakeAsync(_gateway!.ProxyPort, "api.test");
        using (tcp)
        await using (tls)
        {
            tls.NegotiatedApplicationProtocol.ShouldBe(SslApplicationProtocol.Http2);
            tls.SslProtocol.ShouldBeOneOf(SslProtocols.Tls12, SslProtocols.Tls13);
        }

        using var h2 = TlsClient.Client(_gateway.ProxyPort, _ca.Authority, version: HttpVersion.Version20);
        (await h2.GetStringAsync("/hello")).ShouldBe("hello over HTTP/1.1");
        using var h1 = TlsClient.Client(_gateway.ProxyPort, _ca.Authority);
        using var response = await h1.GetAsync("/hello");
        response.Version.ShouldBe(HttpVersion.Version11);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Handshake_ClientOffersOnlyTls12_ForwardSecretAeadSuite()
    {
        var (tcp, tls) = await TlsClient.HandshakeAsync(_gateway!.ProxyPort, "api.test", protocols: SslProtocols.Tls12);
        using (tcp)
        await using (tls)
        {
            tls.SslProtocol.ShouldBe(SslProtocols.Tls12);
            tls.NegotiatedCipherSuite.ShouldBeOneOf(
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
        }
    }

    [Fact]
    public async Task Handshake_CertificateFilesRenewed_NextHandshakeServesNewOneAndOpenConnectionKeepsWorking()
    {
        using var open = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);
        (await open.GetStringAsync("/hello")).ShouldStartWith("hello");
        var before = await TlsClient.ServedSubjectAsync(_gateway.ProxyPort, null);

        var renewed = _ca.Server("renewed", "renewed.test");
        renewed.WriteTo(_default!.CertificatePath, _default.KeyPath);

        before.ShouldBe("CN=default.test");
        (await TlsClient.ServedSubjectAsync(_gateway.ProxyPort, null)).ShouldBe("CN=renewed.test");
        // The connection made before the renewal is still served, on its old certificate.
        (await open.GetStringAsync("/hello")).ShouldStartWith("hello");
    }

    [Fact]
    public async Task Handshake_RenewedFileBroken_LastGoodCertificateServedUntilAGoodOne()
    {
        CertificateFiles.Replace(_default!.CertificatePath, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        (await TlsClient.ServedSubjectAsync(_gateway!.ProxyPort, null)).ShouldBe("CN=default.test");
        using var client = TlsClient.Client(_gateway.ProxyPort, _ca.Authority);
        (await client.GetStringAsync("/hello")).ShouldStartWith("hello");

        _ca.Server("fixed", "fixed.test").WriteTo(_default.CertificatePath, _default.KeyPath);
        (await TlsClient.ServedSubjectAsync(_gateway.ProxyPort, null)).ShouldBe("CN=fixed.test");
    }

    [Fact]
    public async Task Handshake_NewKeyWithoutItsCertificate_LastGoodCertificateServed()
    {
        var other = _ca.Server("other", "other.test");
        // A renewal that has written the key but not yet the certificate: the pair does not match.
        CertificateFiles.Replace(_default!.KeyPath, File.ReadAllText(other.KeyPath));

        (await TlsClient.ServedSubjectAsync(_gateway!.ProxyPort, null)).ShouldBe("CN=default.test");

        CertificateFiles.Replace(_default.CertificatePath, File.ReadAllText(other.CertificatePath));
        (await TlsClient.ServedSubjectAsync(_gateway.ProxyPort, null)).ShouldBe("CN=other.test");
    }
}
