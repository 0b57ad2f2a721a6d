using System.Threading.RateLimiting;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// A <see cref="TokenBucketRateLimiter"/> refilled for the time elapsed at every acquire, not only on the partitioned
/// limiter's 100 ms timer. On a saturated machine that timer runs hundreds of milliseconds late, and a bucket refilled
/// only by it admits less than its rate.
/// </summary>
internal sealed class CurrentTokenBucket(TokenBucketRateLimiterOptions options) : ReplenishingRateLimiter
{
    private readonly TokenBucketRateLimiter _bucket = new(options);

    /// <summary>False, so the partitioned limiter's timer keeps refilling idle buckets and can retire them.</summary>
    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => _bucket.ReplenishmentPeriod;

    public override TimeSpan? IdleDuration => _bucket.IdleDuration;

    public override bool TryReplenish() => _bucket.TryReplenish();

    public override RateLimiterStatistics? GetStatistics() => _bucket.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        _bucket.TryReplenish();
        return _bucket.AttemptAcquire(permitCount);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        _bucket.TryReplenish();
        return _bucket.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bucket.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _bucket.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
