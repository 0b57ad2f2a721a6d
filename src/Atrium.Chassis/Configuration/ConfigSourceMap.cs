using YamlDotNet.Core;

namespace Atrium.Chassis.Configuration;

/// <summary>Where in the YAML text each bound path came from, so validation errors can point at a line.</summary>
internal sealed class ConfigSourceMap
{
    public static readonly ConfigSourceMap Empty = new();

    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    public void Record(string path, Mark mark) => _positions.TryAdd(path, ((int)mark.Line, (int)mark.Column));

    /// <summary>Position of the path, else of its nearest recorded ancestor (a missing key points at its parent mapping).</summary>
    public (int Line, int Column) Find(string path)
    {
        for (string? current = path; current is not null; current = ConfigPath.Parent(current))
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }
        }

        return (0, 0);
    }
}
