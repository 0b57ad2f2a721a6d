using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>TLS clients for the gateway's https:// listeners: a bare handshake, and an HttpClient trusting the test CA.</summary>
internal static class TlsClient
{
    /// <summary>Connects to <paramref name="port"/> on loopback and completes a handshake offering h2 and http/1.1.</summary>
    public static async Task<(TcpClient Tcp, SslStream Tls)> HandshakeAsync(
        int port, string? serverName, X509Certificate2? clientCertificate = null, SslProtocols protocols = SslProtocols.None)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName ?? "127.0.0.1",
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                EnabledSslProtocols = protocols,
                // The test reads the certificate served; whether it chains to the test CA is checked by the HTTP tests.
#pragma warning disable CA5359
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            });
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }

        return (tcp, tls);
    }

    /// <summary>The subject of the certificate served to a handshake for <paramref name="serverName"/>.</summary>
    public static async Task<string> ServedSubjectAsync(int port, string? serverName)
    {
        var (tcp, tls) = await HandshakeAsync(port, serverName);
        using (tcp)
        await using (tls)
        {
            return tls.RemoteCertificate!.Subject;
        }
    }

    /// <summary>An HttpClient for <c>https://127.0.0.1:PORT</c> that trusts only <paramref name="authority"/>, optionally presenting a client certificate.</summary>
    public static HttpClient Client(int port, X509Certificate2 authority, X509Certificate2? clientCertificate = null, Version? version = null)
    {
        var handler = TestHttp.Handler();
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = version ?? System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }
}
