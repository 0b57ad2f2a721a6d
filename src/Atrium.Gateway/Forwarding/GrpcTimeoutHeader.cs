namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A gRPC caller's <c>grpc-timeout</c> request header (gRPC over HTTP/2: 1 to 8 ASCII digits, then one unit of
/// H, M, S, m, u or n), which shortens the route's timeout for that call.
/// </summary>
internal static class GrpcTimeoutHeader
{
    private const int MaxDigits = 8;

    /// <summary>
    /// Reads one header value. Anything else (no digits, more than 8, a sign, spaces, another unit, two values joined
    /// by a comma) is no deadline: <see langword="false"/>, and the route's own timeout applies.
    /// </summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length is < 2 or > MaxDigits + 1)
        {
            return false;
        }

        long amount = 0;
        foreach (var c in value.AsSpan(0, value.Length - 1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        // 99999999H is 3.6e18 ticks, inside a long; nanoseconds round down, so the caller never gets more time.
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / TimeSpan.NanosecondsPerTick,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }
}
