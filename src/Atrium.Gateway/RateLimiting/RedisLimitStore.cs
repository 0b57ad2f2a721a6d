using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// The Redis behind <c>rateLimit.store: redis</c>: one connection for every such route, one script call per decision
/// (<c>EVALSHA</c> of a script loaded once, loaded again when Redis answers <c>NOSCRIPT</c>, as after a restart).
/// </summary>
/// <remarks>
/// A circuit keeps a failing Redis off the request path: a call that fails or outlasts <c>timeout</c> marks Redis
/// down, and for <c>retryInterval</c> every request is decided locally without touching the connection; then one
/// request tries again (the others stay local meanwhile), and its success brings every request back to Redis. Without
/// traffic, a <see cref="RedisConnectionWatch"/> moves the same state from the connection's events and a <c>PING</c>
/// every <c>retryInterval</c>, so <c>/readyz</c> follows Redis on an idle gateway.
/// </remarks>
internal sealed partial class RedisLimitStore : IDisposable
{
    private readonly RedisOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly long _retryTicks;
    private readonly RedisConnectionWatch _watch;
    private byte[]? _tokenBucketSha;
    private byte[]? _slidingWindowSha;

    // 0 while Redis decides; otherwise the timestamp before which nobody tries it.
    private long _downUntil;
    private string _lastFailure = "";

    public RedisLimitStore(RedisOptions options, string fingerprint, TimeProvider time, ILogger logger)
    {
        _options = options;
        Fingerprint = fingerprint;
        _time = time;
        _logger = logger;
        _retryTicks = (long)(options.RetryInterval.TotalSeconds * time.TimestampFrequency);
        var timeout = (int)Math.Ceiling(options.Timeout.TotalMilliseconds);
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = timeout,
            AsyncTimeout = timeout,
            SyncTimeout = timeout,
            ConnectRetry = 1,
            ReconnectRetryPolicy = new LinearRetry((int)Math.Ceiling(options.RetryInterval.TotalMilliseconds)),
            Ssl = options.Tls,
            Password = options.Password.Length > 0 ? options.Password : null,
            ClientName = "atrium-gateway",
        };
        foreach (var endpoint in options.Endpoints)
        {
            config.EndPoints.Add(endpoint);
        }

        // Connects in the background: a gateway starts whether or not Redis answers.
        _connection = ConnectionMultiplexer.ConnectAsync(config);
        _watch = new RedisConnectionWatch(_connection, options, time, MarkUp, MarkDown);
    }

    public string Fingerprint { get; }

    public int Replicas => _options.Replicas;

    /// <summary>Whether Redis decides now (false while requests fall back to local limits).</summary>
    public bool IsUp => Volatile.Read(ref _downUntil) == 0;

    /// <summary>Why Redis was last taken off the request path, for <c>/readyz</c>.</summary>
    public string LastFailure => Volatile.Read(ref _lastFailure);

    public string Describe() => string.Join(",", _options.Endpoints);

    /// <summary>Decides one request on Redis; null when Redis is down or failed now, and the caller decides locally.</summary>
    public async ValueTask<RedisDecision?> TryDecideAsync(string route, string partition, RateLimitConfig config)
    {
        var now = _time.GetTimestamp();
        var down = Volatile.Read(ref _downUntil);
        if (down != 0 && (now < down || Interlocked.CompareExchange(ref _downUntil, now + _retryTicks, down) != down))
        {
            return null;
        }

        // Here Redis is up, or this request won the one retry of this interval.
        try
        {
            var decision = await DecideAsync(route, partition, config).WaitAsync(_options.Timeout, _time).ConfigureAwait(false);
            if (down != 0)
            {
                MarkUp();
            }

            return decision;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            MarkDown(ex.Message);
            return null;
        }
    }

    public void Dispose()
    {
        _watch.Dispose();
        _ = _connection.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Brings every request back to Redis.</summary>
    private void MarkUp()
    {
        if (Interlocked.Exchange(ref _downUntil, 0) != 0)
        {
            LogRedisBack(_logger, Describe());
        }
    }

    /// <summary>Decides requests locally for <c>retryInterval</c> from now, then lets one of them try Redis again.</summary>
    private void MarkDown(string reason)
    {
        Volatile.Write(ref _lastFailure, reason);
        if (Interlocked.Exchange(ref _downUntil, _time.GetTimestamp() + _retryTicks) == 0)
        {
            LogRedisDown(_logger, Describe(), Replicas, reason);
        }
    }

    private async Task<RedisDecision> DecideAsync(string route, string partition, RateLimitConfig config)
    {
        var connection = await _connection.ConfigureAwait(false);
        if (!connection.IsConnected)
        {
            // Not dialled here: the multiplexer reconnects in the background, every retryInterval.
            throw new InvalidOperationException("Redis is not connected");
        }

        var database = connection.GetDatabase();
        RedisKey[] keys = [_options.KeyPrefix + route + ":" + partition];
        var windowMicros = (long)(config.Window.TotalMilliseconds * 1000);
        var tokenBucket = config.Algorithm == RateLimitAlgorithm.TokenBucket;
        RedisValue[] args = tokenBucket
            ? [config.Burst > 0 ? config.Burst : config.Limit, config.Limit, windowMicros]
            : [config.Limit, windowMicros];
        var script = tokenBucket ? RedisScripts.TokenBucket : RedisScripts.SlidingWindow;
        var loaded = (tokenBucket ? Volatile.Read(ref _tokenBucketSha) : Volatile.Read(ref _slidingWindowSha)) ?? await LoadAsync(database, script, tokenBucketScript: tokenBucket).ConfigureAwait(false);
        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(loaded, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // Redis restarted or its script cache was flushed: load it again, once, and decide with it.
            loaded = await LoadAsync(database, script, tokenBucketScript: tokenBucket).ConfigureAwait(false);
            result = await database.ScriptEvaluateAsync(loaded, keys, args).ConfigureAwait(false);
        }

        var values = (RedisResult[])result!;
        return new RedisDecision((long)values[0] == 1, TimeSpan.FromMicroseconds((long)values[1]));
    }

    private async Task<byte[]> LoadAsync(IDatabase database, string script, bool tokenBucketScript)
    {
        var hex = (string)(await database.ExecuteAsync("SCRIPT", "LOAD", script).ConfigureAwait(false))!;
        var sha = Convert.FromHexString(hex);
        if (tokenBucketScript)
        {
            Volatile.Write(ref _tokenBucketSha, sha);
        }
        else
        {
            Volatile.Write(ref _slidingWindowSha, sha);
        }

        return sha;
    }

    [LoggerMessage(EventId = GatewayEventIds.RateLimitRedisDown, Level = LogLevel.Warning,
        Message = "Rate-limit store Redis {Endpoints} failed ({Reason}): store: redis routes fall back to local limits divided by {Replicas} replicas")]
    private static partial void LogRedisDown(ILogger logger, string endpoints, int replicas, string reason);

    [LoggerMessage(EventId = GatewayEventIds.RateLimitRedisBack, Level = LogLevel.Information,
        Message = "Rate-limit store Redis {Endpoints} answers again: store: redis routes share their limits again")]
    private static partial void LogRedisBack(ILogger logger, string endpoints);
}
