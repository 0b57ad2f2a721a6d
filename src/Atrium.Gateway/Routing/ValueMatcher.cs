using System.Text.RegularExpressions;
using Atrium.Gateway.Configuration;
using Microsoft.Extensions.Primitives;

namespace Atrium.Gateway.Routing;

/// <summary>A compiled header or query condition.</summary>
internal sealed class ValueMatcher
{
    private readonly ValueMatchMode _mode;
    private readonly string[] _values;
    private readonly Regex[] _regexes;
    private readonly StringComparison _comparison;

    public ValueMatcher(ValueMatchConfig config)
    {
        Name = config.Name;
        _mode = config.Mode;
        _values = config.Values.ToArray();
        _comparison = config.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var options = RegexOptions.CultureInvariant | (config.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _regexes = config.Mode == ValueMatchMode.Regex
            ? _values.Select(v => new Regex(v, options, TimeSpan.FromMilliseconds(100))).ToArray()
            : [];
    }

    public string Name { get; }

    /// <summary>Whether the values found for <see cref="Name"/> (none when absent) satisfy the condition.</summary>
    public bool Matches(StringValues found)
    {
        switch (_mode)
        {
            case ValueMatchMode.Present:
                return found.Count > 0;
            case ValueMatchMode.Absent:
                return found.Count == 0;
        }

        foreach (var value in found)
        {
            if (value is not null && MatchesOne(value))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesOne(string value)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            var hit = _mode switch
            {
                ValueMatchMode.Exact => value.Equals(_values[i], _comparison),
                ValueMatchMode.Prefix => value.StartsWith(_values[i], _comparison),
                _ => _regexes[i].IsMatch(value),
            };
            if (hit)
            {
                return true;
            }
        }

        return false;
    }
}
