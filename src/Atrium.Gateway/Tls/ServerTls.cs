using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Tls;

/// <summary>
/// Answers each TLS handshake of the <c>https://</c> listeners with the live <c>gateway.tls</c>: the certificate for
/// the client's SNI name (re-read if its files changed), the protocols and cipher suites, ALPN h2 and http/1.1, and
/// the listener's client-certificate check. A config reload swaps the settings for the next handshake; open
/// connections keep what they negotiated.
/// </summary>
internal sealed partial class ServerTls : IDisposable
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly ConfigStore _store;
    private readonly TlsMetrics _metrics;
    private readonly ILogger<ServerTls> _logger;
    private ServerTlsSettings _settings;

    public ServerTls(ConfigStore store, TlsMetrics metrics, ILogger<ServerTls> logger)
    {
        _store = store;
        _metrics = metrics;
        _logger = logger;
        // Validation loaded every file already; one that broke since fails the start, as a bad config does.
        _settings = TryBuild(store.Current.Get<GatewayOptions>(GatewayOptions.Section).Tls, [], out var error)
            ?? throw new InvalidOperationException($"gateway.tls: {error}");
        store.Changed += OnConfigChanged;
    }

    /// <summary>The handshake callback of every <c>https://</c> listener; the state is the listener's <see cref="ListenAddress"/>.</summary>
    public ValueTask<SslServerAuthenticationOptions> OnConnection(TlsHandshakeCallbackContext context)
    {
        var settings = Volatile.Read(ref _settings);
        // Validation makes a default certificate part of any config with an https:// listener.
        var certificate = settings.Certificates.Select(context.ClientHelloInfo.ServerName)
            ?? throw new InvalidOperationException("No certificate is configured for https:// listeners.");
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.Refresh().Context,
            EnabledSslProtocols = settings.Protocols,
            CipherSuitesPolicy = TlsCipherPolicy.Suites,
            ApplicationProtocols = Alpn,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (context.State is ListenAddress listener && settings.ClientCertificates.TryGetValue(listener, out var verifier))
        {
            options.ClientCertificateRequired = true;
            options.RemoteCertificateValidationCallback = verifier.Callback;
        }

        return ValueTask.FromResult(options);
    }

    public void Dispose() => _store.Changed -= OnConfigChanged;

    private void OnConfigChanged(object? sender, ConfigChangedEventArgs e)
    {
        if (!e.ChangedSections.Contains(GatewayOptions.Section))
        {
            return;
        }

        var next = TryBuild(e.Current.Get<GatewayOptions>(GatewayOptions.Section).Tls, Volatile.Read(ref _settings).Pairs, out var error);
        if (next is null)
        {
            LogApplyFailed(_logger, error!);
            return;
        }

        Volatile.Write(ref _settings, next);
    }

    private ServerTlsSettings? TryBuild(TlsOptions tls, Dictionary<(string, string), WatchedCertificate> previous, out string? error)
    {
        var pairs = new Dictionary<(string Certificate, string Key), WatchedCertificate>();
        WatchedCertificate? Pair(string certificatePath, string keyPath, out string? failure)
        {
            failure = null;
            var key = (certificatePath, keyPath);
            if (pairs.TryGetValue(key, out var pair) || previous.TryGetValue(key, out pair)
                || WatchedCertificate.TryCreate(certificatePath, keyPath, OnCertificateReloaded, out pair, out failure))
            {
                pairs[key] = pair!;
            }

            return pair;
        }

        WatchedCertificate? fallback = null;
        if (tls.CertificatePath.Length > 0 && (fallback = Pair(tls.CertificatePath, tls.KeyPath, out error)) is null)
        {
            return null;
        }

        var exact = new Dictionary<string, WatchedCertificate>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, WatchedCertificate>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in tls.Certificates)
        {
            if (Pair(entry.CertificatePath, entry.KeyPath, out error) is not { } pair)
            {
                return null;
            }

            foreach (var host in entry.Hosts)
            {
                _ = host.StartsWith("*.", StringComparison.Ordinal) ? wildcard.TryAdd(host[2..], pair) : exact.TryAdd(host, pair);
            }
        }

        var verifiers = new Dictionary<ListenAddress, ClientCertificateVerifier>();
        foreach (var entry in tls.ClientCertificates)
        {
            if (!ListenAddress.TryParse(entry.Listen, out var address, out error) || !PemFiles.TryLoadBundle(entry.CaPath, out var bundle, out error))
            {
                return null;
            }

            verifiers[address!] = new ClientCertificateVerifier(bundle!, entry.Required);
        }

        error = null;
        return new ServerTlsSettings(new SniCertificates(fallback, exact, wildcard), TlsCipherPolicy.Protocols(tls.MinProtocol), verifiers)
        {
            Pairs = pairs,
        };
    }

    private void OnCertificateReloaded(WatchedCertificate certificate, string? error)
    {
        _metrics.CertificateReloaded(error is null);
        if (error is null)
        {
            LogCertificateReloaded(_logger, certificate.CertificatePath);
        }
        else
        {
            LogCertificateReloadFailed(_logger, certificate.CertificatePath, error);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.TlsCertificateReloaded, Level = LogLevel.Information,
        Message = "Listener certificate {Path} re-read after a change; served from the next handshake")]
    private static partial void LogCertificateReloaded(ILogger logger, string path);

    [LoggerMessage(EventId = GatewayEventIds.TlsCertificateReloadFailed, Level = LogLevel.Error,
        Message = "Listener certificate {Path} changed but cannot be used; the last good certificate stays served: {Error}")]
    private static partial void LogCertificateReloadFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = GatewayEventIds.TlsConfigApplyFailed, Level = LogLevel.Error,
        Message = "gateway.tls could not be applied; the previous TLS settings stay live: {Error}")]
    private static partial void LogApplyFailed(ILogger logger, string error);
}
