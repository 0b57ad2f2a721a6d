namespace Atrium.Gateway.Configuration;

/// <summary>Where a route's rate-limit counts are kept.</summary>
public enum RateLimitStore
{
    /// <summary>In this process: each gateway replica enforces the whole limit on its own.</summary>
    Local,

    /// <summary>
    /// In Redis (<c>gateway.redis</c>), shared by every replica; while Redis cannot be reached, locally with the limit
    /// divided by <c>gateway.redis.replicas</c>.
    /// </summary>
    Redis,
}
