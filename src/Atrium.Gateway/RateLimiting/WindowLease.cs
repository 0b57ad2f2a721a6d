using System.Threading.RateLimiting;

namespace Atrium.Gateway.RateLimiting;

/// <summary>A <see cref="CurrentSlidingWindow"/> answer: permits taken, or refused with the time until they free up.</summary>
internal sealed class WindowLease : RateLimitLease
{
    private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];
    private readonly TimeSpan? _retryAfter;

    private WindowLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    /// <summary>Shared: an acquired window lease holds nothing to give back.</summary>
    public static WindowLease Acquired { get; } = new(true, null);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : RetryAfterOnly;

    public static WindowLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = after;
            return true;
        }

        metadata = null;
        return false;
    }
}
