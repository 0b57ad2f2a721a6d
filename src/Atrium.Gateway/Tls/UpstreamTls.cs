using System.Net.Security;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Tls;

/// <summary>The TLS a cluster's connection pool uses towards <c>https://</c> endpoints, from <c>clusters.NAME.tls</c>.</summary>
internal static class UpstreamTls
{
    /// <summary>
    /// The pool's client options: the client certificate, and a verifier when a CA bundle or server name is set (or
    /// one that accepts anything when verification is explicitly off). Validation loaded the files already; one that
    /// broke since throws, which keeps the previous config live.
    /// </summary>
    public static SslClientAuthenticationOptions Create(UpstreamTlsConfig config)
    {
        var options = new SslClientAuthenticationOptions();
        if (config.ClientCertificatePath.Length > 0)
        {
            options.ClientCertificateContext = PemFiles.TryLoadPair(config.ClientCertificatePath, config.ClientKeyPath, out var pair, out var error)
                ? pair!.Context
                : throw new InvalidOperationException(error);
        }

        if (config.InsecureSkipVerify)
        {
#pragma warning disable CA5359 // Accepting any certificate is what insecureSkipVerify: true asks for, explicitly; it is logged and shown.
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (config.CaPath.Length > 0 || config.ServerName.Length > 0)
        {
            System.Security.Cryptography.X509Certificates.X509Certificate2Collection? authorities = null;
            if (config.CaPath.Length > 0 && !PemFiles.TryLoadBundle(config.CaPath, out authorities, out var error))
            {
                throw new InvalidOperationException(error);
            }

            options.RemoteCertificateValidationCallback = new UpstreamCertificateVerifier(authorities, config.ServerName).Callback;
        }

        return options;
    }

    /// <summary>The pool's handler chain: <paramref name="pool"/>, behind one that sends the server name when set.</summary>
    public static HttpMessageHandler WithServerName(HttpMessageHandler pool, UpstreamTlsConfig config) =>
        config.ServerName.Length == 0 ? pool : new ServerNameHandler(config.ServerName) { InnerHandler = pool };
}
