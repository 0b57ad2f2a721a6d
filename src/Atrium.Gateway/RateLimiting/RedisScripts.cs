namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// The Lua scripts behind <c>store: redis</c>: one call decides one request atomically on one key, with Redis's own
/// clock (<c>TIME</c>), so replicas whose clocks disagree still share one budget. Each returns
/// <c>{admitted (0/1), retry after in microseconds, remaining}</c> and sets the key to expire once it would be full or
/// empty again anyway.
/// </summary>
internal static class RedisScripts
{
    /// <summary>ARGV: bucket size, tokens per window, window in microseconds.</summary>
    public const string TokenBucket = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local capacity = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2]) / tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(state[1])
        local ts = tonumber(state[2])
        if tokens == nil or ts == nil then
          tokens = capacity
          ts = now
        end
        if now > ts then
          tokens = math.min(capacity, tokens + (now - ts) * rate)
          ts = now
        end
        local admitted = 0
        local retry = 0
        if tokens >= 1 then
          tokens = tokens - 1
          admitted = 1
        else
          retry = math.ceil((1 - tokens) / rate)
        end
        -- Formatted in full: tostring keeps 14 digits, which rounds a microsecond timestamp.
        redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.0f', ts))
        redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate / 1000) + 1000)
        return {admitted, retry, math.floor(tokens)}
        """;

    /// <summary>
    /// The window in 10 segments, as the local sliding window: a hash of segment number to count. ARGV: limit, window
    /// in microseconds.
    /// </summary>
    public const string SlidingWindow = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local length = window / 10
        local segment = math.floor(now / length)
        local fields = redis.call('HGETALL', KEYS[1])
        local used = 0
        local live = {}
        for i = 1, #fields, 2 do
          local s = tonumber(fields[i])
          local c = tonumber(fields[i + 1])
          if s <= segment - 10 then
            redis.call('HDEL', KEYS[1], fields[i])
          else
            used = used + c
            live[#live + 1] = {s, c}
          end
        end
        if used < limit then
          redis.call('HINCRBY', KEYS[1], tostring(segment), 1)
          redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
          return {1, 0, limit - used - 1}
        end
        table.sort(live, function(a, b) return a[1] < b[1] end)
        local missing = used - limit + 1
        local freed = 0
        for _, entry in ipairs(live) do
          freed = freed + entry[2]
          if freed >= missing then
            return {0, math.ceil((entry[1] + 10) * length - now), 0}
          end
        end
        return {0, window, 0}
        """;
}
