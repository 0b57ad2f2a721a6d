using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Writes <see cref="ConfigEnvironment"/> overrides into the parsed YAML tree before binding, so that their values go
/// through the same binder, converters and validation as the file's. Keys are matched case-insensitively against the
/// schema; every node an override creates is remembered with the variable that set it, so that errors name it.
/// </summary>
internal sealed class EnvironmentOverlay
{
    private readonly ConfigSchema _schema;
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<YamlNode, string> _origins = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> _setBy = new(StringComparer.Ordinal);
    private readonly HashSet<YamlNode> _shared;

    private EnvironmentOverlay(ConfigSchema schema, HashSet<YamlNode> shared)
    {
        _schema = schema;
        _shared = shared;
    }

    /// <summary>Applies the overrides to <paramref name="root"/> (changed in place; a new mapping when the file is empty).</summary>
    public static EnvironmentOverlayResult Apply(YamlNode? root, ConfigSchema schema, ConfigEnvironment environment)
    {
        // The command line's overrides go on top of the environment's, so they win where both set a key.
        var variables = Apply(root, schema, environment.Variables);
        var commandLine = Apply(variables.Root, schema, environment.CommandLine);
        var origins = new Dictionary<YamlNode, string>(variables.Origins, ReferenceEqualityComparer.Instance);
        foreach (var (node, setBy) in commandLine.Origins)
        {
            origins[node] = setBy;
        }

        return new EnvironmentOverlayResult(commandLine.Root, origins, [.. variables.Errors, .. commandLine.Errors]);
    }

    private static EnvironmentOverlayResult Apply(YamlNode? root, ConfigSchema schema, IReadOnlyList<ConfigVariable> variables)
    {
        if (variables.Count == 0)
        {
            return new EnvironmentOverlayResult(root, new Dictionary<YamlNode, string>(ReferenceEqualityComparer.Instance), []);
        }

        if (root is null || YamlNodes.IsNull(root))
        {
            root = new YamlMappingNode();
        }

        var overlay = new EnvironmentOverlay(schema, SharedNodes(root));
        foreach (var variable in variables)
        {
            // A file that is not a mapping of sections is the file's error; the binder reports it.
            overlay.ApplyOne(root as YamlMappingNode ?? new YamlMappingNode(), variable);
        }

        return new EnvironmentOverlayResult(root, overlay._origins, overlay._errors);
    }

    private void ApplyOne(YamlMappingNode root, ConfigVariable variable)
    {
        var segments = variable.Segments;
        if (segments.Any(s => s.Length == 0))
        {
            Fail(variable, string.Empty, $"is not a config key: {variable.Usage}");
            return;
        }

        if (_schema.IsIgnored(segments[0]))
        {
            return;
        }

        var section = _schema.Sections.FirstOrDefault(s => string.Equals(s.Name, segments[0], StringComparison.OrdinalIgnoreCase));
        if (section is null)
        {
            var name = segments[0].ToLowerInvariant();
            Fail(variable, name, $"unknown section '{name}'{KeySuggester.Hint(name, _schema.Sections.Select(s => s.Name))}");
            return;
        }

        YamlNode container = root;
        var target = new OverlayTarget(section.Name, section.OptionsType, section.Name, AllowsNull: false);
        for (var depth = 1; depth < segments.Count; depth++)
        {
            var model = ConfigTypeModel.Get(target.Type);
            if (model.Kind == ConfigTypeKind.Scalar)
            {
                Fail(variable, target.Path, $"is {model.Describe()}, a single value: it has no key '{segments[depth].ToLowerInvariant()}'");
                return;
            }

            var child = EnsureContainer(container, target.Slot, model.Kind, variable.NameUpTo(depth));
            if (child is not null && _shared.Contains(child))
            {
                // YamlDotNet resolves an alias to the anchor's own node: a change here would reach every use of it.
                Fail(variable, target.Path, "is a YAML alias (*name) of an entry used elsewhere too; write it out in the file to set keys inside it");
                return;
            }

            if (child is null || Step(variable, depth, model, child, target.Path) is not { } next)
            {
                return;
            }

            (container, target) = (child, next);
        }

        SetLeaf(variable, container, target);
    }

    // Nodes reached by more than one path: anchors that aliases point back to.
    private static HashSet<YamlNode> SharedNodes(YamlNode root)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var shared = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>([root]);
        while (pending.TryPop(out var node))
        {
            if (!seen.Add(node))
            {
                shared.Add(node);
                continue;
            }

            var children = node switch
            {
                YamlMappingNode mapping => mapping.Children.Values,
                YamlSequenceNode sequence => (IEnumerable<YamlNode>)sequence.Children,
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push(child);
            }
        }

        return shared;
    }

    private OverlayTarget? Step(ConfigVariable variable, int depth, ConfigTypeModel model, YamlNode container, string path)
    {
        var segment = variable.Segments[depth];
        switch (model.Kind)
        {
            case ConfigTypeKind.Object:
                var property = model.Properties.FirstOrDefault(p => string.Equals(p.Key, segment, StringComparison.OrdinalIgnoreCase));
                if (property is null)
                {
                    var key = segment.ToLowerInvariant();
                    Fail(variable, ConfigPath.Child(path, key), $"unknown key '{key}'{KeySuggester.Hint(key, model.Properties.Select(p => p.Key))}");
                    return null;
                }

                return new OverlayTarget(property.Key, property.Property.PropertyType, ConfigPath.Child(path, property.Key), property.AllowsNull);
            case ConfigTypeKind.Dictionary:
                // Mapping keys are data (cluster names, log categories): the file's spelling wins, else the variable's.
                var mapping = (YamlMappingNode)container;
                var existing = YamlNodes.Keys(mapping).FirstOrDefault(k => k == segment)
                    ?? YamlNodes.Keys(mapping).FirstOrDefault(k => string.Equals(k, segment, StringComparison.OrdinalIgnoreCase))
                    ?? segment;
                return new OverlayTarget(existing, model.ElementType!, ConfigPath.DictionaryKey(path, existing), AllowsNull: false);
            default:
                var count = ((YamlSequenceNode)container).Children.Count;
                if (!ConfigVariable.TryParseIndex(segment, out var index))
                {
                    Fail(variable, path, $"is a list: '{segment}' is not an index; set its elements with {variable.NameUpTo(depth)}{variable.Separator}0, {variable.Separator}1, ...");
                    return null;
                }

                if (index > count)
                {
                    Fail(variable, ConfigPath.Index(path, index), $"index {index} leaves a gap: {path} has {count} element(s), so the next index is {count}");
                    return null;
                }

                return new OverlayTarget(index, model.ElementType!, ConfigPath.Index(path, index), AllowsNull: false);
        }
    }

    private void SetLeaf(ConfigVariable variable, YamlNode container, OverlayTarget target)
    {
        var path = target.Path;
        var model = ConfigTypeModel.Get(target.Type);
        if (model.Kind != ConfigTypeKind.Scalar)
        {
            var what = model.Kind == ConfigTypeKind.List ? "elements" : "keys";
            var next = model.Kind == ConfigTypeKind.List ? "0" : "KEY";
            Fail(variable, path, $"is {model.Describe()}, not a single value; set its {what} with {variable.Name}{variable.Separator}{next}");
            return;
        }

        if (_setBy.TryGetValue(path, out var other))
        {
            Fail(variable, path, $"is already set by {other}");
            return;
        }

        _setBy[path] = variable.Name;

        // Values are text as written (no YAML quoting to get wrong); an empty one unsets a key that may be null.
        var unset = variable.Value.Length == 0 && (target.AllowsNull || model.IsNullableValueType);
        var value = new YamlScalarNode(variable.Value) { Style = unset ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };
        _origins[value] = variable.Name;
        Put(container, target.Slot, value, variable.Name);
    }

    /// <summary>The mapping or list at the slot, created when absent or null; <c>null</c> when the file has something else there.</summary>
    private YamlNode? EnsureContainer(YamlNode container, object slot, ConfigTypeKind kind, string setBy)
    {
        var existing = Get(container, slot);
        var wanted = kind == ConfigTypeKind.List ? typeof(YamlSequenceNode) : typeof(YamlMappingNode);
        if (existing is not null && !YamlNodes.IsNull(existing))
        {
            // The wrong shape is the file's error, reported by the binder at the file's line.
            return existing.GetType() == wanted ? existing : null;
        }

        YamlNode created = kind == ConfigTypeKind.List ? new YamlSequenceNode() : new YamlMappingNode();
        _origins[created] = setBy;
        Put(container, slot, created, setBy);
        return created;
    }

    private static YamlNode? Get(YamlNode container, object slot) => slot switch
    {
        int index => ((YamlSequenceNode)container).Children.ElementAtOrDefault(index),
        _ => YamlNodes.Find((YamlMappingNode)container, (string)slot)?.Value,
    };

    private void Put(YamlNode container, object slot, YamlNode value, string setBy)
    {
        if (slot is int index)
        {
            var children = ((YamlSequenceNode)container).Children;
            if (index == children.Count)
            {
                children.Add(value);
            }
            else
            {
                children[index] = value;
            }

            return;
        }

        var mapping = (YamlMappingNode)container;
        var key = (string)slot;
        var found = YamlNodes.Find(mapping, key);
        if (found is { } pair)
        {
            mapping.Children[pair.Key] = value;
            return;
        }

        var keyNode = new YamlScalarNode(key);
        _origins[keyNode] = setBy;
        mapping.Children.Add(keyNode, value);
    }

    private void Fail(ConfigVariable variable, string path, string message) =>
        _errors.Add(new ConfigError(path, message, 0, 0, variable.Name));
}
