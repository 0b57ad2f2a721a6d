namespace Atrium.Gateway.Tls;

/// <summary>
/// Picks the certificate for a handshake by the client's SNI name: an exact host first, then a one-label wildcard
/// (<c>*.example.com</c> covers <c>a.example.com</c>, not <c>example.com</c> or <c>a.b.example.com</c>), else the default.
/// </summary>
internal sealed class SniCertificates(
    WatchedCertificate? fallback,
    IReadOnlyDictionary<string, WatchedCertificate> exact,
    IReadOnlyDictionary<string, WatchedCertificate> wildcard)
{
    /// <summary>The certificate for <paramref name="serverName"/> (null or empty when the client sent no SNI); null when none fits.</summary>
    public WatchedCertificate? Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return fallback;
        }

        var name = serverName.TrimEnd('.');
        if (exact.TryGetValue(name, out var certificate))
        {
            return certificate;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && wildcard.TryGetValue(name[(dot + 1)..], out certificate) ? certificate : fallback;
    }
}
