using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// A route's compiled <c>rateLimit</c>: a <see cref="PartitionedRateLimiter{TResource}"/> with one token bucket or
/// sliding window per key. Kept across reloads while the route's <c>rateLimit</c> block is unchanged (same
/// <see cref="Fingerprint"/>), so counts are not reset by unrelated edits.
/// </summary>
/// <remarks>
/// Token buckets are refilled in proportion to the time elapsed at each acquire (<see cref="CurrentTokenBucket"/>),
/// and sliding windows find their segment from the clock at each acquire (<see cref="CurrentSlidingWindow"/>), so the
/// admitted rate is exact however late the partitioned limiter's timer runs.
/// With <c>store: redis</c> the decision is Redis's (<see cref="Store"/>), and the local limiter, sized
/// <c>limit / replicas</c>, decides only while Redis cannot be reached.
/// </remarks>
internal sealed class RouteRateLimiter : IRoutePolicy, IDisposable
{
    /// <summary>A sliding window moves in tenths: a permit returns between 0.9 and 1 window after it was taken.</summary>
    private const int SegmentsPerWindow = 10;

    private readonly PartitionedRateLimiter<ProxyContext> _limiter;

    public RouteRateLimiter(RateLimitConfig config, string fingerprint, TimeProvider time, RedisLimitStore? store = null)
    {
        Config = config;
        Fingerprint = fingerprint;
        Store = store;
        var replicas = store?.Replicas ?? 1;
        LocalLimit = Math.Max(1, config.Limit / replicas);
        var localBurst = config.Burst > 0 ? Math.Max(1, config.Burst / replicas) : LocalLimit;
        LimitHeader = config.Limit.ToString(CultureInfo.InvariantCulture);
        PolicyHeader = $"{config.Limit};w={Math.Max(1, (long)Math.Ceiling(config.Window.TotalSeconds))}";
        var key = config.Key;
        var header = config.Header;
        if (config.Algorithm == RateLimitAlgorithm.TokenBucket)
        {
            var options = new TokenBucketRateLimiterOptions
            {
                TokenLimit = localBurst,
                TokensPerPeriod = LocalLimit,
                ReplenishmentPeriod = config.Window,
                AutoReplenishment = false,
                QueueLimit = 0,
            };
            Func<string, CurrentTokenBucket> factory = _ => new CurrentTokenBucket(options);
            _limiter = PartitionedRateLimiter.Create<ProxyContext, string>(context =>
                new RateLimitPartition<string>(KeyOf(context, key, header), factory));
        }
        else
        {
            Func<string, CurrentSlidingWindow> factory = _ => new CurrentSlidingWindow(LocalLimit, config.Window, SegmentsPerWindow, time);
            _limiter = PartitionedRateLimiter.Create<ProxyContext, string>(context =>
                new RateLimitPartition<string>(KeyOf(context, key, header), factory));
        }
    }

    public RateLimitConfig Config { get; }

    public string Fingerprint { get; }

    /// <summary>The shared store of a <c>store: redis</c> limit; null for a local one.</summary>
    public RedisLimitStore? Store { get; }

    /// <summary>What this process admits on its own: the limit, or with a store the limit divided by the replicas.</summary>
    public int LocalLimit { get; }

    public string LimitHeader { get; }

    public string PolicyHeader { get; }

    /// <summary>Takes a permit; a limiter retired by a reload mid-request admits.</summary>
    public RateLimitLease? TryAcquire(ProxyContext context)
    {
        try
        {
            return _limiter.AttemptAcquire(context);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>The key this request is counted under (its partition).</summary>
    public string PartitionOf(ProxyContext context) => KeyOf(context, Config.Key, Config.Header);

    private static string KeyOf(ProxyContext context, RateLimitKey key, string header)
    {
        switch (key)
        {
            case RateLimitKey.Subject when context.Identity is { } identity:
                return identity.Subject;
            case RateLimitKey.ApiKey when context.Identity?.ApiKeyId is { } id:
                return id;
            case RateLimitKey.Header when context.HttpContext.Request.Headers.TryGetValue(header, out var value) && value.Count > 0:
                return value.ToString();
        }

        // No key of the configured kind: count by client address, in a namespace of its own.
        var ip = AddressKey(context.ForwardedHeaders.ClientIp(context.HttpContext));
        return key == RateLimitKey.ClientIp ? ip : "ip:" + ip;
    }

    // An IPv6 client usually holds a whole /64 and can pick a new address in it for every request, so its budget is
    // the /64's; an IPv4 address is its own.
    private static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <inheritdoc />
    public string Name => "rateLimit";

    /// <inheritdoc />
    public JsonNode Describe() => new JsonObject
    {
        ["algorithm"] = JsonNodes.Camel(Config.Algorithm.ToString()),
        ["limit"] = Config.Limit,
        ["windowMs"] = Config.Window.TotalMilliseconds,
        ["burst"] = Config.Burst,
        ["key"] = JsonNodes.Camel(Config.Key.ToString()),
        ["header"] = Config.Header,
        ["store"] = JsonNodes.Camel(Config.Store.ToString()),
        ["localLimit"] = LocalLimit,
        ["redisUp"] = Store?.IsUp,
    };
}
