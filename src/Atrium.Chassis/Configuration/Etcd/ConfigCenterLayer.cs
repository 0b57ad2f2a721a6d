using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// Writes a config center document over the file's YAML tree: mappings merge key by key, anything else (a scalar, a
/// list) replaces what the file had. Every node the document brings is remembered with its label and line
/// (<c>etcd:prod@7 line 3</c>), so errors about it say where it is and <c>config show --sources</c> names it.
/// </summary>
internal static class ConfigCenterLayer
{
    /// <summary>The <c>config</c> section decides where the document comes from, so the document cannot set it.</summary>
    public const string BootstrapSection = "config";

    /// <summary>Returns the merged tree and the document's own errors; with errors, the tree holds what could be used.</summary>
    public static (YamlNode? Root, IReadOnlyList<ConfigError> Errors) Apply(
        YamlNode? fileRoot, ConfigCenterDocument document, Dictionary<YamlNode, string> origins)
    {
        var (root, syntaxErrors) = YamlDocumentReader.Read(document.Text);
        if (syntaxErrors.Count > 0)
        {
            return (fileRoot, [.. syntaxErrors.Select(e => Relabel(e, document))]);
        }

        if (root is null || YamlNodes.IsNull(root))
        {
            return (fileRoot, []);
        }

        if (root is not YamlMappingNode mapping)
        {
            return (fileRoot, [new ConfigError(string.Empty, "the document must be a mapping of sections", 0, 0, Label(document, root))]);
        }

        var errors = new List<ConfigError>();
        if (YamlNodes.Find(mapping, BootstrapSection) is { } bootstrap)
        {
            // Reported, and left out so the rest of the document is still checked.
            errors.Add(new ConfigError(
                BootstrapSection,
                "cannot come from the config center: set config.etcd in the file, ATRIUM__CONFIG__ETCD__... variables or --set",
                0,
                0,
                Label(document, bootstrap.Key)));
            mapping.Children.Remove(bootstrap.Key);
        }

        Remember(mapping, document, origins);
        if (fileRoot is not YamlMappingNode fileMapping || YamlNodes.IsNull(fileRoot))
        {
            return (mapping, errors);
        }

        Merge(fileMapping, mapping);
        return (fileMapping, errors);
    }

    private static void Merge(YamlMappingNode lower, YamlMappingNode upper)
    {
        foreach (var (key, value) in upper.Children)
        {
            var existing = key is YamlScalarNode { Value: { } name } ? YamlNodes.Find(lower, name) : null;
            if (existing is { Value: YamlMappingNode below } && value is YamlMappingNode above)
            {
                Merge(below, above);
            }
            else if (existing is { } pair)
            {
                lower.Children[pair.Key] = value;
            }
            else
            {
                lower.Children.Add(key, value);
            }
        }
    }

    private static void Remember(YamlNode node, ConfigCenterDocument document, Dictionary<YamlNode, string> origins)
    {
        foreach (var descendant in node.AllNodes)
        {
            origins[descendant] = Label(document, descendant);
        }
    }

    private static string Label(ConfigCenterDocument document, YamlNode node) => $"{document.Label} line {node.Start.Line}";

    private static ConfigError Relabel(ConfigError error, ConfigCenterDocument document) =>
        new(error.Path, error.Line > 0 ? $"line {error.Line}, column {error.Column}: {error.Message}" : error.Message, 0, 0, document.Label);
}
