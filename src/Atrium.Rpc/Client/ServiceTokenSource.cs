using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Rpc.Client;

/// <summary>
/// Service tokens for a calling module, from identity's OAuth 2.0 token endpoint (client credentials, the client
/// authenticated by HTTP Basic), one per audience: kept until shortly before it expires (<see cref="RefreshMargin"/>),
/// then fetched again; callers that need one while it is being fetched wait for that one request. A failed renewal
/// keeps the current token until it expires (asking again every <see cref="RenewalRetry"/>); a failure to get one with none valid fails the call UNAVAILABLE, as an unreachable
/// peer would, and the next call asks again. A token a callee refused is dropped (<see cref="Intercept"/>). Share one
/// per module.
/// </summary>
public sealed partial class ServiceTokenSource : IDisposable
{
    /// <summary>How long a token request may take: 5 s.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long before its expiry a token is replaced: a fifth of its lifetime, at most 60 s.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>How long after a failed renewal the next is tried, while the current token is still valid: 5 s.</summary>
    public static readonly TimeSpan RenewalRetry = TimeSpan.FromSeconds(5);

    private readonly Uri _tokenUrl;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Task<CachedToken>> _tokens = new(StringComparer.Ordinal);

    /// <summary>A source asking <paramref name="tokenUrl"/> as <paramref name="clientId"/>.</summary>
    /// <param name="tokenUrl">Identity's token endpoint, e.g. <c>http://127.0.0.1:8101/connect/token</c>.</param>
    /// <param name="clientId">The client id.</param>
    /// <param name="clientSecret">The client secret.</param>
    /// <param name="timeProvider">The clock that decides when a token is due for renewal; the system's by default.</param>
    /// <param name="logger">Where failures to get a token are logged.</param>
    public ServiceTokenSource(Uri tokenUrl, string clientId, string clientSecret, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tokenUrl);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        _tokenUrl = tokenUrl;
        // RFC 6749 §2.3.1: each part form-encoded, then Basic.
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FormEncode(clientId)}:{FormEncode(clientSecret)}")));
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            Timeout = RequestTimeout,
        };
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Call credentials that put <c>authorization: Bearer TOKEN</c> with a token for <paramref name="audience"/> on
    /// every call; give them to <see cref="GrpcChannels.Create"/>.
    /// </summary>
    public CallCredentials CredentialsFor(string audience)
    {
        ArgumentException.ThrowIfNullOrEmpty(audience);
        return CallCredentials.FromInterceptor(async (context, metadata) =>
            metadata.Add("authorization", "Bearer " + await GetTokenAsync(audience, context.CancellationToken).ConfigureAwait(false)));
    }

    /// <summary>A token for <paramref name="audience"/> with every scope the client has there.</summary>
    /// <exception cref="RpcException">UNAVAILABLE: the token endpoint could not be reached or refused the client.</exception>
    public async Task<string> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        Task<CachedToken> pending;
        lock (_tokens)
        {
            var now = _time.GetUtcNow();
            if (!_tokens.TryGetValue(audience, out pending!) || IsDue(pending, now))
            {
                // One request per audience at a time, whoever asks: the rest wait for it instead of asking again.
                pending = FetchAsync(audience, Valid(pending, now));
                _tokens[audience] = pending;
            }
        }

        // The request itself is not cancelled with one caller: the others waiting for it still want it.
        return (await pending.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
    }

    /// <summary>
    /// <paramref name="invoker"/> (a channel to the callee <paramref name="audience"/>, whose calls carry
    /// <see cref="CredentialsFor"/> that audience) with the token dropped when the callee answers UNAUTHENTICATED, so
    /// that the next call fetches a new one: the callee no longer accepts it (identity restarted with a new signing
    /// key, the token was revoked), however long it has left.
    /// </summary>
    public CallInvoker Intercept(CallInvoker invoker, string audience)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        return invoker.Intercept(new RefusedTokenInterceptor(this, audience));
    }

    /// <summary>The token for <paramref name="audience"/> a call made now carries, if one is at hand.</summary>
    internal string? Current(string audience)
    {
        lock (_tokens)
        {
            return _tokens.TryGetValue(audience, out var pending) ? Valid(pending, _time.GetUtcNow())?.Token : null;
        }
    }

    /// <summary>Drops the token for <paramref name="audience"/> when it is <paramref name="refused"/> (any, when null), so that it serves no more.</summary>
    internal void Forget(string audience, string? refused)
    {
        lock (_tokens)
        {
            // A request under way stays: it brings a new token.
            if (_tokens.TryGetValue(audience, out var pending) && pending.IsCompletedSuccessfully && (refused is null || pending.Result.Token == refused))
            {
                _tokens.Remove(audience);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    // A failed request is due at once; one in flight never is.
    private static bool IsDue(Task<CachedToken> token, DateTimeOffset now) =>
        token.IsFaulted || token.IsCanceled || (token.IsCompletedSuccessfully && now >= token.Result.RenewAt);

    private static CachedToken? Valid(Task<CachedToken>? token, DateTimeOffset now) =>
        token is { IsCompletedSuccessfully: true } && now < token.Result.ExpiresAt ? token.Result : null;

    private async Task<CachedToken> FetchAsync(string audience, CachedToken? current)
    {
        try
        {
            return await RequestAsync(audience).ConfigureAwait(false);
        }
        catch (RpcException) when (current is not null && _time.GetUtcNow() < current.ExpiresAt)
        {
            // Renewing early is a precaution: until the token expires, a failure to renew must not fail calls.
            var now = _time.GetUtcNow();
            LogKept(_logger, audience, current.ExpiresAt);
            return current with { RenewAt = now + RenewalRetry < current.ExpiresAt ? now + RenewalRetry : current.ExpiresAt };
        }
    }

    private async Task<CachedToken> RequestAsync(string audience)
    {
        // Off the caller's lock and stack: the request runs on its own.
        await Task.Yield();
        var started = _time.GetUtcNow();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl)
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("audience", audience)]),
            };
            request.Headers.Authorization = _authorization;
            using var response = await _http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var (token, lifetime, error) = Parse(body);
            if (!response.IsSuccessStatusCode || token is null)
            {
                throw Unavailable(audience, $"{(int)response.StatusCode} {error ?? "no access_token"}");
            }

            var margin = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, lifetime.Ticks / 5));
            return new CachedToken(token, started + lifetime - margin, started + lifetime);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            throw Unavailable(audience, ex.Message);
        }
    }

    private RpcException Unavailable(string audience, string reason)
    {
        LogFailed(_logger, audience, _tokenUrl.GetLeftPart(UriPartial.Path), reason);
        return new RpcException(new Status(StatusCode.Unavailable, $"No service token for '{audience}' from the token endpoint: {reason}"));
    }

    // By hand rather than by a serializer: this assembly is trimmed and AOT-compiled with the gateway.
    private static (string? Token, TimeSpan Lifetime, string? Error) Parse(string body)
    {
        using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, default, "not a JSON object");
        }

        if (root.TryGetProperty("error", out var error))
        {
            var description = root.TryGetProperty("error_description", out var d) ? $": {d}" : "";
            return (null, default, $"{error}{description}");
        }

        return root.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String
            && root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) && seconds > 0
                ? (token.GetString(), TimeSpan.FromSeconds(seconds), null)
                : (null, default, "no access_token and expires_in");
    }

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private sealed record CachedToken(string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);

    [LoggerMessage(EventId = RpcEventIds.ServiceTokenFailed, Level = LogLevel.Warning, Message = "No service token for {Audience} from {TokenUrl}: {Reason}; calls to it fail UNAVAILABLE until one is got, unless the current one is still valid")]
    private static partial void LogFailed(ILogger logger, string audience, string tokenUrl, string reason);

    [LoggerMessage(EventId = RpcEventIds.ServiceTokenKept, Level = LogLevel.Warning, Message = "Could not renew the service token for {Audience}; the current one is used until it expires at {ExpiresAt:O}")]
    private static partial void LogKept(ILogger logger, string audience, DateTimeOffset expiresAt);
}
