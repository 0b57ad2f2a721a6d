namespace Atrium.Gateway.RateLimiting;

/// <summary>What Redis decided for one request: admitted or not, and when a refused caller may try again.</summary>
internal readonly record struct RedisDecision(bool Admitted, TimeSpan RetryAfter);
