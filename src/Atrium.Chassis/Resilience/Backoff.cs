using System.Security.Cryptography;

namespace Atrium.Chassis.Resilience;

/// <summary>
/// Exponential backoff with a cap and "equal jitter", the one rule every retry loop of the services uses.
/// </summary>
/// <remarks>
/// Convention: <c>attempt</c> counts failures so far, from 1. The first wait (after the first failure) lies in
/// [base / 2, base]; each further failure doubles it, and it never exceeds the cap:
/// <c>ceiling(attempt) = min(base × 2^(attempt − 1), max)</c>, and the wait is <c>ceiling / 2 × (1 + jitter)</c> for a
/// jitter in [0, 1]. Half the wait is fixed, so a retry never comes at once; half is random, so callers that failed
/// together do not retry together. An attempt below 1, or a base of zero or less, waits nothing.
/// </remarks>
public static class Backoff
{
    // 2^30 × any sane base overflows every cap long before it overflows a double.
    private const int MaxExponent = 30;

    /// <summary>The wait after failure number <paramref name="attempt"/> (1-based), with a random jitter.</summary>
    /// <param name="attempt">Failures so far, from 1.</param>
    /// <param name="baseDelay">The ceiling of the first wait.</param>
    /// <param name="maxDelay">The ceiling of every wait.</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay) =>
        // Jitter needs no cryptographic quality, only no analyzer exemption.
        Delay(attempt, baseDelay, maxDelay, RandomNumberGenerator.GetInt32(0, 1001) / 1000.0);

    /// <summary>The wait after failure number <paramref name="attempt"/> for a given <paramref name="jitter"/>: the deterministic form.</summary>
    /// <param name="attempt">Failures so far, from 1.</param>
    /// <param name="baseDelay">The ceiling of the first wait.</param>
    /// <param name="maxDelay">The ceiling of every wait.</param>
    /// <param name="jitter">Where the wait falls between half the ceiling (0) and all of it (1); clamped to [0, 1].</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var half = Ceiling(attempt, baseDelay, maxDelay).Ticks / 2.0;
        return TimeSpan.FromTicks((long)(half + (half * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>The longest wait after failure number <paramref name="attempt"/>: <c>min(base × 2^(attempt − 1), max)</c>.</summary>
    /// <param name="attempt">Failures so far, from 1.</param>
    /// <param name="baseDelay">The ceiling of the first wait.</param>
    /// <param name="maxDelay">The ceiling of every wait.</param>
    public static TimeSpan Ceiling(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (attempt <= 0 || baseDelay <= TimeSpan.Zero || maxDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponential = baseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, MaxExponent));
        return TimeSpan.FromTicks((long)Math.Min(exponential, maxDelay.Ticks));
    }
}
