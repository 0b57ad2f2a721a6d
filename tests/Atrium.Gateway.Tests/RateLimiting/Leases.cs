using System.Threading.RateLimiting;

namespace Atrium.Gateway.Tests.RateLimiting;

internal static class Leases
{
    /// <summary>Takes single permits until one is refused (at most 100) and returns how many were granted.</summary>
    public static int Drain(RateLimiter limiter)
    {
        var admitted = 0;
        while (admitted < 100)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                break;
            }

            admitted++;
        }

        return admitted;
    }
}
