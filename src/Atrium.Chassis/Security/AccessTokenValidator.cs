using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>
/// Verifies identity's access tokens in a service: ES256 or RS256 only (<c>alg: none</c> and HMAC are refused before
/// any key is looked at), a key from identity's JWKS matching the token's <c>kid</c>, issuer, audience and lifetime
/// through the <see cref="TimeProvider"/>; a service token (<see cref="ServiceTokens.Type"/>) is no user's and is
/// refused. The JWKS is fetched on first use and again for an unknown <c>kid</c>
/// (key rotation), at most once per <see cref="AccessTokenOptions.JwksRefreshMinInterval"/>; a failed fetch keeps the
/// keys already known. A token that validated is remembered until it expires (bounded, at most
/// <see cref="CacheSize"/> tokens), so a client reusing its token costs a lookup instead of a signature check.
/// </summary>
internal sealed partial class AccessTokenValidator : IDisposable
{
    /// <summary>Validated tokens remembered; a full cache starts over.</summary>
    public const int CacheSize = 10_000;

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly AccessTokenOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private readonly TokenValidationParameters _parameters;
    private volatile Dictionary<string, SecurityKey> _keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
    private readonly ValidatedTokenCache<Caller> _cache;
    private long _lastFetch;
    private volatile bool _fetched;
    private volatile string? _lastFailure;

    public AccessTokenValidator(AccessTokenOptions options, HttpClient http, TimeProvider time, ILogger<AccessTokenValidator> logger)
    {
        _options = options;
        _http = http;
        _time = time;
        _logger = logger;
        _cache = new(time, CacheSize);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidAlgorithms = TokenChecks.Algorithms,
            IssuerSigningKeyResolver = (_, _, kid, _) => kid is not null && _keys.TryGetValue(kid, out var key) ? [key] : [],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = options.ClockSkew,
            LifetimeValidator = TokenChecks.Lifetime(time, options.ClockSkew),
        };
    }

    /// <summary>Whether identity's signing keys have been fetched (once is enough: later failures keep them).</summary>
    public bool HasKeys => _fetched;

    /// <summary>How many signing keys are known.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>Why the last fetch failed; <see langword="null"/> when it succeeded or none was tried.</summary>
    public string? LastFetchFailure => _lastFailure;

    /// <summary>Where the keys come from, without user info, for readiness reports.</summary>
    public string Source => JwksUrlRule.WithoutUserInfo(new Uri(_options.JwksUrl));

    /// <summary>
    /// Fetches the keys unless a fetch has already succeeded, so that readiness can wait for them before any token
    /// asks. A failure is logged and leaves <see cref="HasKeys"/> false; the next call tries again.
    /// </summary>
    public Task EnsureKeysAsync(CancellationToken cancellationToken) => _fetched ? Task.CompletedTask : RefreshAsync(cancellationToken);

    /// <summary>The caller of a valid token, or <see langword="null"/> with the reason it was refused.</summary>
    public async Task<(Caller? Caller, string? Reason)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (_cache.Get(token) is { } cached)
        {
            return (cached, null);
        }

        if (TokenChecks.Read(token) is not { } jwt)
        {
            return (null, "malformed token");
        }

        if (Array.IndexOf(TokenChecks.Algorithms, jwt.Alg) < 0)
        {
            return (null, "signing algorithm not allowed");
        }

        if (ServiceTokens.IsServiceTokenType(jwt.Typ))
        {
            return (null, "a service token is not a user's access token");
        }

        if (jwt.Kid is not { Length: > 0 } kid)
        {
            return (null, "token has no kid");
        }

        if (!_keys.ContainsKey(kid))
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = await Handler.ValidateTokenAsync(jwt, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, TokenChecks.Reason(result.Exception));
        }

        if (!Guid.TryParse(jwt.Subject, out var userId))
        {
            return (null, "token subject is not a user id");
        }

        var roles = jwt.Claims.Where(c => c.Type is "roles" or "role").Select(c => c.Value).ToList();
        var caller = new Caller(userId, roles);
        _cache.Add(token, caller, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).Add(_options.ClockSkew));
        return (caller, null);
    }

    /// <summary>
    /// The JWKS key with id <paramref name="kid"/>, fetching the JWKS first when the key is unknown (within the refresh
    /// limit); <see langword="null"/> when identity has no such key. Service tokens are checked against the same keys.
    /// </summary>
    public async ValueTask<SecurityKey?> FindKeyAsync(string kid, CancellationToken cancellationToken)
    {
        if (!_keys.ContainsKey(kid))
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return _keys.GetValueOrDefault(kid);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _fetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_fetched && _time.GetElapsedTime(_lastFetch) < _options.JwksRefreshMinInterval)
            {
                return;
            }

            _lastFetch = _time.GetTimestamp();
            using var response = await _http.GetAsync(new Uri(_options.JwksUrl), cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var set = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var keys = set.GetSigningKeys()
                .Where(k => k.KeyId is { Length: > 0 })
                .GroupBy(k => k.KeyId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            _keys = keys;
            _fetched = true;
            _lastFailure = null;
            LogFetched(_logger, _options.JwksUrl, keys.Count);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
        {
            // Until a fetch succeeds, an unknown kid is retried on the next token: the first fetch is not rate-limited.
            _lastFailure = ex.Message;
            LogFetchFailed(_logger, _options.JwksUrl, ex.Message);
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    public void Dispose()
    {
        _fetchGate.Dispose();
        _http.Dispose();
    }

    [LoggerMessage(EventId = SecurityEventIds.JwksFetched, Level = LogLevel.Information, Message = "JWKS fetched from {Url}: {KeyCount} signing keys")]
    private static partial void LogFetched(ILogger logger, string url, int keyCount);

    [LoggerMessage(EventId = SecurityEventIds.JwksFetchFailed, Level = LogLevel.Warning, Message = "JWKS fetch from {Url} failed; known keys stay in use: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string url, string reason);
}
