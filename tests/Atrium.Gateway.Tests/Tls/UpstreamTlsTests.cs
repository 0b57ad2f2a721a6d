using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Atrium.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Atrium.Gateway.Tests.Tls;

/// <summary>
/// https:// upstreams: verified against the system store, a cluster's CA bundle or server name, a client certificate
/// presented to an mTLS upstream, verification explicitly off; gRPC and WebSockets over TLS on both sides.
/// </summary>
public sealed class UpstreamTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _ca = new();
    private CertificateFiles? _gatewayClient;
    private Upstream? _trusted;
    private Upstream? _named;
    private Upstream? _mutual;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        var listener = _ca.Server("listener", "gateway.test");
        var upstream = _ca.Server("upstream", "upstream.test");
        var named = _ca.ServerNamedOnly("named", "svc.internal");
        _gatewayClient = _ca.Client("gateway-client", "CN=atrium-gateway");
        _trusted = await Upstream.StartAsync(Map, https: o => o.ServerCertificate = upstream.Certificate);
        _named = await Upstream.StartAsync(Map, https: o => o.ServerCertificate = named.Certificate);
        _mutual = await Upstream.StartAsync(Map, https: o =>
        {
            o.ServerCertificate = upstream.Certificate;
            o.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            o.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, _ca.Authority);
        });
        var ca = _ca.AuthorityPath;
        _gateway = await GatewayHost.StartWithSectionAsync((proxyPort, adminPort) => $$"""
            listen: ["https://127.0.0.1:{{proxyPort}}"]
            admin:
              listen: ["http://127.0.0.1:{{adminPort}}"]
              {{GatewayHost.DefaultAdminYaml}}
            tls: { certificatePath: {{listener.CertificatePath}}, keyPath: {{listener.KeyPath}} }
            routes:
              - { id: system-store, match: { pathPrefix: /system-store }, cluster: systemStore }
              - { id: ca-bundle, match: { pathPrefix: /ca-bundle }, cluster: caBundle }
              - { id: wrong-name, match: { pathPrefix: /wrong-name }, cluster: wrongName }
              - { id: server-name, match: { pathPrefix: /server-name }, cluster: serverName }
              - { id: mtls-none, match: { pathPrefix: /mtls-none }, cluster: mtlsNone }
              - { id: mtls, match: { pathPrefix: /mtls }, cluster: mtls }
              - { id: insecure, match: { pathPrefix: /insecure }, cluster: insecure }
              - { id: grpc, match: { path: "/test.Echo/{method}" }, cluster: grpc }
              - { id: ws, match: { path: /ws }, cluster: caBundle }
            clusters:
              systemStore: { endpoints: ["{{_trusted.Address}}"], healthCheck: { passive: { enabled: false } }, circuitBreaker: { enabled: false } }
              caBundle: { endpoints: ["{{_trusted.Address}}"], tls: { caPath: {{ca}} } }
              wrongName: { endpoints: ["{{_named.Address}}"], tls: { caPath: {{ca}} }, healthCheck: { passive: { enabled: false } }, circuitBreaker: { enabled: false } }
              serverName: { endpoints: ["{{_named.Address}}"], tls: { caPath: {{ca}}, serverName: svc.internal } }
              mtlsNone: { endpoints: ["{{_mutual.Address}}"], tls: { caPath: {{ca}} }, healthCheck: { passive: { enabled: false } }, circuitBreaker: { enabled: false } }
              mtls: { endpoints: ["{{_mutual.Address}}"], tls: { caPath: {{ca}}, clientCertificatePath: {{_gatewayClient.CertificatePath}}, clientKeyPath: {{_gatewayClient.KeyPath}} } }
              insecure: { endpoints: ["{{_named.Address}}"], tls: { insecureSkipVerify: true } }
              grpc: { endpoints: ["{{_trusted.Address}}"], httpVersion: "2", tls: { caPath: {{ca}} } }
            """);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _trusted!.DisposeAsync();
        await _named!.DisposeAsync();
        await _mutual!.DisposeAsync();
        _ca.Dispose();
    }

    [Theory]
    [InlineData("/system-store")]
    [InlineData("/wrong-name")]
    public async Task Request_UpstreamCertificateNotVerified_Returns502(string path)
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);

        using var response = await client.GetAsync(path);

        await ProblemAssert.ShouldBeProblemAsync(response, HttpStatusCode.BadGateway, "UPSTREAM_PROTOCOL_ERROR");
    }

    [Theory]
    [InlineData("/ca-bundle", "/ca-bundle HTTP/1.1 -")]
    [InlineData("/server-name", "/server-name HTTP/1.1 -")]
    [InlineData("/mtls", "/mtls HTTP/1.1 CN=atrium-gateway")]
    public async Task Request_UpstreamVerified_Forwarded(string path, string answer)
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);

        (await client.GetStringAsync(path)).ShouldBe(answer);
    }

    [Fact]
    public async Task Request_ServerName_SentAsSniAndHost()
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);

        (await client.GetStringAsync("/server-name/host")).ShouldBe("svc.internal svc.internal");
    }

    [Fact]
    public async Task Request_MtlsUpstreamWithoutClientCertificate_Refused()
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);

        using var response = await client.GetAsync("/mtls-none");

        ((int)response.StatusCode).ShouldBeOneOf(502, 503);
        response.Headers.GetValues("X-Error-Code").Single().ShouldBeOneOf("UPSTREAM_PROTOCOL_ERROR", "UPSTREAM_UNAVAILABLE");
    }

    [Fact]
    public async Task Request_InsecureSkipVerify_ForwardedAndShownInAdminClusters()
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority);

        (await client.GetStringAsync("/insecure")).ShouldBe("/insecure HTTP/1.1 -");
        var insecure = await AdminClusters.ClusterAsync(_gateway, "insecure");
        insecure.GetProperty("tls").GetProperty("insecureSkipVerify").GetBoolean().ShouldBeTrue();
        var verified = await AdminClusters.ClusterAsync(_gateway, "serverName");
        verified.GetProperty("tls").GetProperty("insecureSkipVerify").GetBoolean().ShouldBeFalse();
        verified.GetProperty("tls").GetProperty("serverName").GetString().ShouldBe("svc.internal");
        verified.GetProperty("tls").GetProperty("caBundle").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Grpc_OverTlsBothSides_MessageAndTrailersReachClient()
    {
        using var client = TlsClient.Client(_gateway!.ProxyPort, _ca.Authority, version: HttpVersion.Version20);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test.Echo/Ok")
        {
            Content = new ByteArrayContent(Frame([8, 1])),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        response.Version.ShouldBe(HttpVersion.Version20);
        body.ShouldBe(Frame([10, 2, 104, 50]));
        response.TrailingHeaders.GetValues("grpc-status").ShouldBe(["0"]);
    }

    [Fact]
    public async Task WebSocket_OverTlsBothSides_Echoed()
    {
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && ChainsTo(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), _ca.Authority);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_gateway!.ProxyPort}/ws"), timeout.Token);

        await socket.SendAsync(Encoding.UTF8.GetBytes("over tls"), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldBe("over tls");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        socket.State.ShouldBe(WebSocketState.Closed);
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/server-name/host", (HttpContext c) => $"{c.Request.Host} {c.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.ISslStreamFeature>()?.SslStream.TargetHostName}");
        app.MapPost("/test.Echo/Ok", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "application/grpc";
            // The protocol the gateway used to reach this upstream, as the reply's payload.
            await context.Response.Body.WriteAsync(Frame([10, 2, .. Encoding.ASCII.GetBytes(context.Request.Protocol == "HTTP/2" ? "h2" : "h1")]), context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        app.Map("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64];
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, context.RequestAborted);
            var close = await socket.ReceiveAsync(buffer, context.RequestAborted);
            await socket.CloseAsync(close.CloseStatus ?? WebSocketCloseStatus.NormalClosure, close.CloseStatusDescription, context.RequestAborted);
        });
        app.MapGet("/{**path}", (HttpContext c) =>
            $"{c.Request.Path} {c.Request.Protocol} {c.Connection.ClientCertificate?.Subject ?? "-"}");
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
