namespace Atrium.Gateway.Tls;

/// <summary>
/// A served certificate and key pair, re-read when either file changes: each handshake compares the files' stamps
/// (two <c>stat</c> calls, small beside a handshake), so a renewed certificate is served to the next handshake and
/// connections already open keep theirs. A new pair that does not load (a half-written renewal, a key that does not
/// match) leaves the last good one served and is reported once per change.
/// </summary>
internal sealed class WatchedCertificate
{
    private readonly Lock _gate = new();
    private readonly Action<WatchedCertificate, string?> _reloaded;
    private volatile LoadedCertificate _current;
    private (FileStamp Certificate, FileStamp Key) _seen;

    private WatchedCertificate(string certificatePath, string keyPath, LoadedCertificate loaded, (FileStamp, FileStamp) seen, Action<WatchedCertificate, string?> reloaded)
    {
        CertificatePath = certificatePath;
        KeyPath = keyPath;
        _current = loaded;
        _seen = seen;
        _reloaded = reloaded;
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>The pair served now: the last one that loaded.</summary>
    public LoadedCertificate Current => _current;

    /// <summary>Loads the pair, or fails with the reason; <paramref name="reloaded"/> hears of each later re-read (null error: success).</summary>
    public static bool TryCreate(string certificatePath, string keyPath, Action<WatchedCertificate, string?> reloaded, out WatchedCertificate? watched, out string? error)
    {
        var seen = (FileStamp.Of(certificatePath), FileStamp.Of(keyPath));
        watched = PemFiles.TryLoadPair(certificatePath, keyPath, out var loaded, out error)
            ? new WatchedCertificate(certificatePath, keyPath, loaded!, seen, reloaded)
            : null;
        return watched is not null;
    }

    /// <summary>Re-reads the pair if a file changed since it was last read (whether that read succeeded or not).</summary>
    public LoadedCertificate Refresh()
    {
        var now = (FileStamp.Of(CertificatePath), FileStamp.Of(KeyPath));
        if (now == _seen)
        {
            return _current;
        }

        string? error;
        lock (_gate)
        {
            if (now == _seen)
            {
                return _current;
            }

            _seen = now;
            if (PemFiles.TryLoadPair(CertificatePath, KeyPath, out var loaded, out error))
            {
                _current = loaded!;
            }
        }

        _reloaded(this, error);
        return _current;
    }
}
