using System.Globalization;

namespace Atrium.Chassis.Configuration;

/// <summary>One <c>ATRIUM__...</c> variable: its name as set (errors quote it), the segments after the prefix, the value.</summary>
internal sealed record ConfigVariable(string Name, IReadOnlyList<string> Segments, string Value)
{
    /// <summary>Segment by segment, numbers by value (so <c>__2</c> comes before <c>__10</c>), names ignoring case.</summary>
    public static readonly IComparer<ConfigVariable> SegmentOrder = Comparer<ConfigVariable>.Create(Compare);

    /// <summary>The variable's name up to and including segment <paramref name="count"/> - 1: what sets that node.</summary>
    public string NameUpTo(int count) =>
        count >= Segments.Count ? Name : Name[..(ConfigEnvironment.Prefix.Length + Segments.Take(count).Sum(s => s.Length + 2) - 2)];

    /// <summary>Reads a list index: plain ASCII digits only (no sign, spaces or exponent).</summary>
    public static bool TryParseIndex(string segment, out int index) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);

    private static int Compare(ConfigVariable? x, ConfigVariable? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        for (var i = 0; i < Math.Min(x.Segments.Count, y.Segments.Count); i++)
        {
            var a = x.Segments[i];
            var b = y.Segments[i];
            var order = TryParseIndex(a, out var m) && TryParseIndex(b, out var n)
                ? m.CompareTo(n)
                : string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
            if (order != 0)
            {
                return order;
            }
        }

        var byLength = x.Segments.Count.CompareTo(y.Segments.Count);
        return byLength != 0 ? byLength : string.CompareOrdinal(x.Name, y.Name);
    }
}
