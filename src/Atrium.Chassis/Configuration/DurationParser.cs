using System.Globalization;

namespace Atrium.Chassis.Configuration;

/// <summary>Parses and formats the duration forms <c>500ms</c>, <c>10s</c>, <c>1.5s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c> and <c>hh:mm:ss</c>.</summary>
internal static class DurationParser
{
    private static readonly (string Suffix, decimal TicksPerUnit)[] Units =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
        ("d", TimeSpan.TicksPerDay),
    ];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length == 0 || text[0] == '-' || text[0] == '+')
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }

        // "ms" must be tried before "m" and "s".
        foreach (var (suffix, ticksPerUnit) in Units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var number = text[..^suffix.Length];
            if (number.Length == 0 || !char.IsAsciiDigit(number[0]) || !char.IsAsciiDigit(number[^1])
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var ticks = amount * ticksPerUnit;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }

        return false;
    }

    /// <summary>Renders the shortest exact form, so round-tripping through the parser is lossless.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return value.ToString("c", CultureInfo.InvariantCulture);
        }

        for (var i = Units.Length - 1; i >= 0; i--)
        {
            var (suffix, ticksPerUnit) = Units[i];
            if (value.Ticks % (long)ticksPerUnit == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{value.Ticks / (long)ticksPerUnit}{suffix}");
            }
        }

        return value.ToString("c", CultureInfo.InvariantCulture);
    }
}
