using Atrium.Chassis.Security;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Gateway.Security;

/// <summary>
/// The keys tokens are verified with: static keys from config, or a JWKS document fetched on demand (no background
/// thread). Fetched keys are used for <see cref="JwtOptions.JwksCacheDuration"/>, then fetched again while the old
/// ones keep serving; a token with an unknown <c>kid</c> causes a fetch, but fetches start at most once per
/// <see cref="JwtOptions.JwksRefreshMinInterval"/> once keys have been loaded (until then, whenever none is under way:
/// a gateway started before the key server must not wait out the interval after its first failed try) and concurrent
/// callers share one.
/// </summary>
internal sealed partial class SigningKeyStore
{
    private readonly Uri? _jwksUrl;
    private readonly HttpClient? _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minInterval;
    private readonly TimeSpan _cacheDuration;
    private readonly PolicyMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile KeyIndex _keys;
    private long _fetchedAt;
    private long _lastAttempt;
    private bool _attempted;
    private volatile string? _lastFailure;
    private Task? _fetch;
    private long _fetches;

    public SigningKeyStore(JwtOptions options, HttpClient http, TimeProvider time, PolicyMetrics? metrics, ILogger logger)
    {
        _time = time;
        _minInterval = options.JwksRefreshMinInterval;
        _cacheDuration = options.JwksCacheDuration;
        _metrics = metrics;
        _logger = logger;
        if (options.JwksUrl.Length > 0)
        {
            _jwksUrl = new Uri(options.JwksUrl);
            _http = http;
            _keys = KeyIndex.Empty;
            return;
        }

        var keys = new List<SecurityKey>();
        foreach (var config in options.SigningKeys)
        {
            // Validation loaded these same keys.
            if (SigningKeyLoader.TryLoad(config, out var key, out _))
            {
                keys.Add(key!);
            }
        }

        _keys = new KeyIndex(keys);
    }

    /// <summary>Where keys come from, for the admin API.</summary>
    public string Source => _jwksUrl is null ? "static" : JwksUrlRule.WithoutUserInfo(_jwksUrl);

    public IReadOnlyCollection<string> KeyIds => _keys.Ids;

    /// <summary>Whether keys are there to verify with: static ones, or a JWKS fetched at least once.</summary>
    public bool IsLoaded => _keys.Loaded;

    /// <summary>Why the last fetch failed; <see langword="null"/> when it succeeded or none was tried.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>JWKS documents fetched successfully.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>The keys for a <c>kid</c>, or all keys for a token without one.</summary>
    public IEnumerable<SecurityKey> Resolve(string? kid) => _keys.Find(kid);

    /// <summary>
    /// Makes sure the keys are loaded and, for an unknown <paramref name="kid"/>, tries one (rate-limited) refresh.
    /// Completes synchronously in the common case.
    /// </summary>
    public ValueTask EnsureAsync(string? kid, CancellationToken cancellationToken)
    {
        if (_jwksUrl is null)
        {
            return ValueTask.CompletedTask;
        }

        var keys = _keys;
        if (keys.Loaded && (kid is null || keys.Contains(kid)))
        {
            if (_time.GetElapsedTime(Interlocked.Read(ref _fetchedAt)) >= _cacheDuration)
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

            if (_attempted && _keys.Loaded && _time.GetElapsedTime(_lastAttempt) < _minInterval)
            {
                return null;
            }

            _attempted = true;
            _lastAttempt = _time.GetTimestamp();
            _fetch = FetchAsync();
            return _fetch;
        }
    }

    private async Task FetchAsync()
    {
        try
        {
            using var response = await _http!.GetAsync(_jwksUrl, CancellationToken.None).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            var keys = new JsonWebKeySet(json).GetSigningKeys()
                .Where(k => k is RsaSecurityKey or ECDsaSecurityKey or JsonWebKey { Kty: "RSA" or "EC" })
                .ToList();
            _keys = new KeyIndex(keys);
            Interlocked.Exchange(ref _fetchedAt, _time.GetTimestamp());
            Interlocked.Increment(ref _fetches);
            _lastFailure = null;
            _metrics?.JwksFetch("ok");
            LogFetched(_logger, _jwksUrl!, keys.Count);
        }
        catch (Exception ex)
        {
            // Keep the previous keys: a key server outage must not reject tokens that were valid a moment ago.
            _lastFailure = ex.Message;
            _metrics?.JwksFetch("failed");
            LogFetchFailed(_logger, _jwksUrl!, ex.Message);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.JwksFetched, Level = LogLevel.Information, Message = "JWKS fetched from {Url}: {KeyCount} signing keys")]
    private static partial void LogFetched(ILogger logger, Uri url, int keyCount);

    [LoggerMessage(EventId = GatewayEventIds.JwksFetchFailed, Level = LogLevel.Warning, Message = "JWKS fetch from {Url} failed; the previous keys stay in use: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, Uri url, string reason);

    private sealed class KeyIndex
    {
        public static readonly KeyIndex Empty = new([], loaded: false);

        private readonly Dictionary<string, SecurityKey[]> _byKid;
        private readonly SecurityKey[] _all;

        public KeyIndex(IReadOnlyList<SecurityKey> keys, bool loaded = true)
        {
            Loaded = loaded;
            _all = [.. keys];
            _byKid = keys.Where(k => k.KeyId is not null)
                .GroupBy(k => k.KeyId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        }

        public bool Loaded { get; }

        public IReadOnlyCollection<string> Ids => _byKid.Keys;

        public bool Contains(string kid) => _byKid.ContainsKey(kid);

        public SecurityKey[] Find(string? kid) =>
            kid is null ? _all : _byKid.TryGetValue(kid, out var keys) ? keys : [];
    }
}
