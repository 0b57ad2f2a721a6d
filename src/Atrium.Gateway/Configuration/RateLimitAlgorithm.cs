namespace Atrium.Gateway.Configuration;

/// <summary>How a route's rate limit counts.</summary>
public enum RateLimitAlgorithm
{
    /// <summary>A bucket of <c>burst</c> tokens refilled at <c>limit</c> per <c>window</c>, continuously.</summary>
    TokenBucket,

    /// <summary>At most <c>limit</c> requests in any <c>window</c>, tracked in 10 segments.</summary>
    SlidingWindow,
}
