using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Rpc.Client;

/// <summary>
/// Service tokens for a calling module, from identity's OAuth 2.0 token endpoint (client credentials, the client
/// authenticated by HTTP Basic), one per audience: kept until shortly before it expires (<see cref="RefreshMargin"/>),
/// then fetched again; callers that need one while it is being fetched wait for that one request. A failure to get one
/// fails the call UNAVAILABLE, as an unreachable peer would, and the next call asks again. Share one per module.
/// </summary>
public sealed partial class ServiceTokenSource : IDisposable
{
    /// <summary>How long a token request may take: 5 s.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long before its expiry a token is replaced: a fifth of its lifetime, at most 60 s.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

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
            if (!_tokens.TryGetValue(audience, out pending!) || IsDue(pending))
            {
                // One request per audience at a time, whoever asks: the rest wait for it instead of asking again.
                pending = FetchAsync(audience);
                _tokens[audience] = pending;
            }
        }

        // The request itself is not cancelled with one caller: the others waiting for it still want it.
        return (await pending.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    // A failed request is due at once; one in flight never is.
    private bool IsDue(Task<CachedToken> token) =>
        token.IsFaulted || token.IsCanceled || (token.IsCompletedSuccessfully && _time.GetUtcNow() >= token.Result.RenewAt);

    private async Task<CachedToken> FetchAsync(string audience)
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
            return new CachedToken(token, started + lifetime - margin);
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

    private sealed record CachedToken(string Token, DateTimeOffset RenewAt);

    [LoggerMessage(EventId = RpcEventIds.ServiceTokenFailed, Level = LogLevel.Warning, Message = "No service token for {Audience} from {TokenUrl}: {Reason}; calls to it fail UNAVAILABLE until one is got")]
    private static partial void LogFailed(ILogger logger, string audience, string tokenUrl, string reason);
}
