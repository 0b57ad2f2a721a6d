using System.Globalization;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// One override: an <c>ATRIUM__...</c> variable or a <c>--set key.path=value</c> argument. Its name as written (errors
/// quote it; a <c>--set</c> one without its value, which may be a secret), the segments of the key path, the value.
/// </summary>
internal sealed record ConfigVariable(string Name, IReadOnlyList<string> Segments, string Value, bool FromCommandLine = false)
{
    /// <summary>What a <c>--set</c> override's name starts with.</summary>
    public const string CommandLinePrefix = "--set ";

    /// <summary>What separates the key path's segments as written.</summary>
    public string Separator => FromCommandLine ? "." : ConfigEnvironment.Separator;

    /// <summary>How an override of this kind is written, for errors about one that is not.</summary>
    public string Usage => FromCommandLine
        ? "write --set section.key=value, with '.' between keys and list indexes"
        : $"write {ConfigEnvironment.Prefix}SECTION__KEY, with '{ConfigEnvironment.Separator}' between keys and list indexes";

    /// <summary>Where the value came from, as <c>atrium config show --sources</c> prints it.</summary>
    public string SourceLabel => FromCommandLine ? "--set" : "env:" + Name;

    /// <summary>Segment by segment, numbers by value (so <c>__2</c> comes before <c>__10</c>), names ignoring case.</summary>
    public static readonly IComparer<ConfigVariable> SegmentOrder = Comparer<ConfigVariable>.Create(Compare);

    /// <summary>The variable's name up to and including segment <paramref name="count"/> - 1: what sets that node.</summary>
    public string NameUpTo(int count) =>
        count >= Segments.Count ? Name : Name[..(PrefixLength + Segments.Take(count).Sum(s => s.Length + Separator.Length) - Separator.Length)];

    /// <summary>Parses <c>--set key.path=value</c>; without <c>=</c> the key path is empty, which the overlay reports.</summary>
    public static ConfigVariable FromSetArgument(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? argument : argument[..equals];
        return new ConfigVariable(
            CommandLinePrefix + key, equals < 0 ? [""] : key.Split('.'), equals < 0 ? string.Empty : argument[(equals + 1)..], FromCommandLine: true);
    }

    private int PrefixLength => FromCommandLine ? CommandLinePrefix.Length : ConfigEnvironment.Prefix.Length;

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
