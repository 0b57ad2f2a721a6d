using YamlDotNet.Core;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Where each bound path came from, so validation errors can point at a line of the file or name the environment
/// variable that set the value.
/// </summary>
internal sealed class ConfigSourceMap
{
    public static readonly ConfigSourceMap Empty = new();

    private readonly Dictionary<string, ConfigOrigin> _origins = new(StringComparer.Ordinal);

    public void Record(string path, Mark mark) => _origins.TryAdd(path, new ConfigOrigin((int)mark.Line, (int)mark.Column, null));

    public void Record(string path, string variable) => _origins.TryAdd(path, new ConfigOrigin(0, 0, variable));

    /// <summary>
    /// Where the value at <paramref name="path"/> came from, as <c>atrium config show --sources</c> prints it:
    /// <c>default</c> (nothing set it, or the embedded defaults did), <c>file:PATH</c>, <c>etcd:NAMESPACE@REVISION</c>, <c>env:NAME</c> or <c>--set</c>.
    /// </summary>
    /// <param name="path">The value's config path.</param>
    /// <param name="source">The snapshot's <see cref="AtriumConfig.Source"/>.</param>
    public string Describe(string path, string source)
    {
        if (!_origins.TryGetValue(path, out var origin))
        {
            return "default";
        }

        return origin.Variable switch
        {
            null => source == AtriumConfig.EmbeddedSource ? "default" : "file:" + source,
            var name when name.StartsWith(ConfigVariable.CommandLinePrefix, StringComparison.Ordinal) => "--set",

            // A config center document's nodes are labelled "etcd:NAMESPACE@REVISION line N"; the line is for errors.
            var name when name.StartsWith("etcd:", StringComparison.Ordinal) => name.Split(' ')[0],
            var name => "env:" + name,
        };
    }

    /// <summary>Origin of the path, else of its nearest recorded ancestor (a missing key points at its parent mapping).</summary>
    public ConfigOrigin Find(string path)
    {
        for (string? current = path; current is not null; current = ConfigPath.Parent(current))
        {
            if (_origins.TryGetValue(current, out var origin))
            {
                return origin;
            }
        }

        return new ConfigOrigin(0, 0, null);
    }
}
