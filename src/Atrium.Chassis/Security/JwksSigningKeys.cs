using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>
/// Keys from a JWKS document fetched on demand (no background thread). Fetched keys are used for
/// <paramref name="cacheDuration"/>, then fetched again while the old ones keep serving; a token with an unknown
/// <c>kid</c> causes a fetch, but fetches start at most once per <paramref name="minInterval"/> once keys have been
/// loaded (until then, whenever none is under way: a process started before the key server must not wait out the
/// interval after its first failed try) and concurrent callers share one. <paramref name="onFetch"/> hears each
/// outcome (<c>ok</c> or <c>failed</c>) for a metric. Disposing it disposes <paramref name="http"/> when
/// <paramref name="ownsHttp"/>.
/// </summary>
internal sealed partial class JwksSigningKeys(
    Uri url,
    HttpClient http,
    TimeProvider time,
    TimeSpan minInterval,
    TimeSpan cacheDuration,
    ILogger logger,
    Action<string>? onFetch = null,
    bool ownsHttp = false) : ISigningKeySource, IDisposable
{
    private readonly Lock _gate = new();
    private volatile SigningKeySet _keys = SigningKeySet.Empty;
    private long _fetchedAt;
    private long _lastAttempt;
    private bool _attempted;
    private volatile string? _lastFailure;
    private Task? _fetch;
    private long _fetches;

    public SigningKeySet Current => _keys;

    public string Source => JwksUrlRule.WithoutUserInfo(url);

    public string? LastFailure => _lastFailure;

    /// <summary>JWKS documents fetched successfully.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    public ValueTask EnsureAsync(string? kid, CancellationToken cancellationToken)
    {
        var keys = _keys;
        if (keys.Loaded && (kid is null || keys.Contains(kid)))
        {
            if (time.GetElapsedTime(Interlocked.Read(ref _fetchedAt)) >= cacheDuration)
            {
                // Stale: refresh in the background; the current keys keep serving meanwhile.
                _ = StartFetch();
            }

            return ValueTask.CompletedTask;
        }

        var fetch = StartFetch();
        return fetch is null ? ValueTask.CompletedTask : new ValueTask(fetch.WaitAsync(cancellationToken));
    }

    private Task? StartFetch()
    {
        lock (_gate)
        {
            if (_fetch is { IsCompleted: false })
            {
                return _fetch;
            }

            if (_attempted && _keys.Loaded && time.GetElapsedTime(_lastAttempt) < minInterval)
            {
                return null;
            }

            _attempted = true;
            _lastAttempt = time.GetTimestamp();
            _fetch = FetchAsync();
            return _fetch;
        }
    }

    private async Task FetchAsync()
    {
        try
        {
            using var response = await http.GetAsync(url, CancellationToken.None).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            var keys = new JsonWebKeySet(json).GetSigningKeys()
                .Where(k => k is RsaSecurityKey or ECDsaSecurityKey or JsonWebKey { Kty: "RSA" or "EC" })
                .ToList();
            _keys = new SigningKeySet(keys);
            Interlocked.Exchange(ref _fetchedAt, time.GetTimestamp());
            Interlocked.Increment(ref _fetches);
            _lastFailure = null;
            onFetch?.Invoke("ok");
            LogFetched(logger, Source, keys.Count);
        }
        catch (Exception ex)
        {
            // Keep the previous keys: a key server outage must not reject tokens that were valid a moment ago.
            _lastFailure = ex.Message;
            onFetch?.Invoke("failed");
            LogFetchFailed(logger, Source, ex.Message);
        }
    }

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    [LoggerMessage(EventId = SecurityEventIds.JwksFetched, Level = LogLevel.Information, Message = "JWKS fetched from {Url}: {KeyCount} signing keys")]
    private static partial void LogFetched(ILogger logger, string url, int keyCount);

    [LoggerMessage(EventId = SecurityEventIds.JwksFetchFailed, Level = LogLevel.Warning, Message = "JWKS fetch from {Url} failed; the previous keys stay in use: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string url, string reason);
}
