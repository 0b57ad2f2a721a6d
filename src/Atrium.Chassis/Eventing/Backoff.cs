using System.Security.Cryptography;

namespace Atrium.Chassis.Eventing;

/// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random, capped.</summary>
internal static class Backoff
{
    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (failedAttempts <= 0 || baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // 2^30 × any sane base overflows the cap long before it overflows a double.
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        var half = capped / 2;

        // Jitter spreads retries of many rows and relays; it needs no cryptographic quality, only no analyzer exemption.
        var jitter = half * RandomNumberGenerator.GetInt32(0, 1001) / 1000.0;
        return TimeSpan.FromMilliseconds(half + jitter);
    }
}
