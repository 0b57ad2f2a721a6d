using System.Collections;
using System.Diagnostics.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Strict YAML-to-object binder. Walks the document in order and records an error for every unknown key,
/// wrong type or misplaced null instead of stopping. Each Bind method returns whether it produced a value to
/// assign: a scalar that fails produces none (the property keeps its default), while lists and objects with a
/// bad member are still produced so validation can look at their other members.
/// </summary>
internal sealed class ConfigBinder
{
    private readonly List<ConfigError> _errors = [];
    private readonly ConfigSourceMap _sourceMap = new();
    private readonly IReadOnlyDictionary<YamlNode, string> _origins;
    private readonly IReadOnlyDictionary<string, string?> _environment;

    private ConfigBinder(IReadOnlyDictionary<YamlNode, string> origins, IReadOnlyDictionary<string, string?> environment)
    {
        _origins = origins;
        _environment = environment;
    }

    /// <summary>Binds every registered section.</summary>
    /// <param name="root">The document, with environment overrides already written in.</param>
    /// <param name="schema">The registered sections.</param>
    /// <param name="origins">The nodes environment variables set, with the variable: errors about them name it.</param>
    /// <param name="environment">Every variable of the process, which <c>${env:NAME}</c> references read.</param>
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = ConfigTrimming.Justification)]
    public static ConfigBindResult Bind(
        YamlNode? root, ConfigSchema schema, IReadOnlyDictionary<YamlNode, string> origins, IReadOnlyDictionary<string, string?> environment)
    {
        var binder = new ConfigBinder(origins, environment);
        var sections = schema.Sections.ToDictionary(
            s => s.Name,
            s => Activator.CreateInstance(s.OptionsType)!,
            StringComparer.Ordinal);
        binder.BindRoot(root, schema, sections);
        return new ConfigBindResult(sections, binder._sourceMap, binder._errors);
    }

    private void BindRoot(YamlNode? root, ConfigSchema schema, Dictionary<string, object> sections)
    {
        if (root is null || IsNull(root))
        {
            return;
        }

        Record(string.Empty, root);
        if (root is not YamlMappingNode mapping)
        {
            AddError(string.Empty, $"the file must be a mapping of sections, got {DescribeNode(root)}", root);
            return;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (!TryReadKey(keyNode, string.Empty, out var name))
            {
                continue;
            }

            if (schema.IsIgnored(name))
            {
                continue;
            }

            if (!schema.TryGet(name, out var definition))
            {
                var hint = KeySuggester.Hint(name, schema.Sections.Select(s => s.Name));
                AddError(name, $"unknown section '{name}'{hint}", keyNode);
                continue;
            }

            if (Bind(valueNode, definition.OptionsType, allowNull: false, name, sections[name], out var bound) && bound is not null)
            {
                sections[name] = bound;
            }
        }
    }

    private bool Bind(YamlNode node, Type type, bool allowNull, string path, object? existing, out object? value)
    {
        Record(path, node);
        value = null;
        var model = ConfigTypeModel.Get(type);
        if (IsNull(node))
        {
            // An empty nested block ("match:") means "all defaults", like an empty section.
            if (model.Kind == ConfigTypeKind.Object && !allowNull)
            {
                value = existing;
                return true;
            }

            if (allowNull || model.IsNullableValueType)
            {
                return true;
            }

            return Fail(path, $"null is not allowed here; expected {model.Describe()}", node);
        }

        return model.Kind switch
        {
            ConfigTypeKind.Scalar => BindScalar(node, model, path, out value),
            ConfigTypeKind.List => BindList(node, model, path, out value),
            ConfigTypeKind.Dictionary => BindDictionary(node, model, path, out value),
            ConfigTypeKind.Object => BindObject(node, model, path, existing, out value),
            _ => Fail(path, $"type {model.ValueType.Name} is not supported by the config binder", node),
        };
    }

    private bool BindScalar(YamlNode node, ConfigTypeModel model, string path, out object? value)
    {
        value = null;
        if (node is not YamlScalarNode scalar)
        {
            return Fail(path, $"expected {model.Describe()}, got {DescribeNode(node)}", node);
        }

        // A reference stands for the value, which is then converted and validated like one written in place.
        if (!SecretReference.TryResolve(scalar.Value ?? string.Empty, _environment, out var text, out var error))
        {
            return Fail(path, error, node);
        }

        if (!ScalarConverter.TryConvert(text, model.ValueType, out value, out error))
        {
            return Fail(path, error, node);
        }

        return true;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ConfigTrimming.Justification)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = ConfigTrimming.Justification)]
    private bool BindList(YamlNode node, ConfigTypeModel model, string path, out object? value)
    {
        value = null;
        if (node is not YamlSequenceNode sequence)
        {
            return Fail(path, $"expected a list, got {DescribeNode(node)}", node);
        }

        var elementType = model.ElementType!;
        // The declared List<T> itself where it is one: no type is made at run time that the AOT compiler has not seen.
        var listType = model.ValueType.IsArray || model.ValueType.IsInterface ? typeof(List<>).MakeGenericType(elementType) : model.ValueType;
        var list = (IList)Activator.CreateInstance(listType)!;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            // A placeholder keeps later elements at their YAML index, so validation paths stay right.
            var bound = Bind(sequence.Children[i], elementType, allowNull: false, ConfigPath.Index(path, i), null, out var item);
            list.Add(bound || !elementType.IsValueType ? item : Activator.CreateInstance(elementType));
        }

        if (model.ValueType.IsArray)
        {
            var array = Array.CreateInstance(elementType, list.Count);
            list.CopyTo(array, 0);
            value = array;
        }
        else
        {
            value = list;
        }

        return true;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ConfigTrimming.Justification)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = ConfigTrimming.Justification)]
    private bool BindDictionary(YamlNode node, ConfigTypeModel model, string path, out object? value)
    {
        value = null;
        if (node is not YamlMappingNode mapping)
        {
            return Fail(path, $"expected a mapping, got {DescribeNode(node)}", node);
        }

        var elementType = model.ElementType!;
        var dictionaryType = model.ValueType.IsInterface ? typeof(Dictionary<,>).MakeGenericType(typeof(string), elementType) : model.ValueType;
        var dictionary = (IDictionary)Activator.CreateInstance(dictionaryType)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (TryReadKey(keyNode, path, out var key)
                && Bind(valueNode, elementType, allowNull: false, ConfigPath.DictionaryKey(path, key), null, out var item))
            {
                dictionary[key] = item;
            }
        }

        value = dictionary;
        return true;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = ConfigTrimming.Justification)]
    private bool BindObject(YamlNode node, ConfigTypeModel model, string path, object? existing, out object? value)
    {
        value = null;
        if (node is not YamlMappingNode mapping)
        {
            return Fail(path, $"expected a mapping, got {DescribeNode(node)}", node);
        }

        var instance = existing ?? Activator.CreateInstance(model.ValueType)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (!TryReadKey(keyNode, path, out var key))
            {
                continue;
            }

            var childPath = ConfigPath.Child(path, key);
            if (!model.PropertiesByKey.TryGetValue(key, out var property))
            {
                var hint = KeySuggester.Hint(key, model.Properties.Select(p => p.Key));
                AddError(childPath, $"unknown key '{key}'{hint}", keyNode);
                continue;
            }

            var current = property.Property.GetValue(instance);
            if (Bind(valueNode, property.Property.PropertyType, property.AllowsNull, childPath, current, out var bound))
            {
                property.Property.SetValue(instance, bound);
            }
        }

        value = instance;
        return true;
    }

    private bool TryReadKey(YamlNode keyNode, string parentPath, out string key)
    {
        if (keyNode is YamlScalarNode { Value: { } text })
        {
            key = text;
            return true;
        }

        key = string.Empty;
        return Fail(parentPath, $"keys must be plain strings, got {DescribeNode(keyNode)}", keyNode);
    }

    private static bool IsNull(YamlNode node) => YamlNodes.IsNull(node);

    private static string DescribeNode(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an alias",
    };

    private void Record(string path, YamlNode node)
    {
        if (_origins.TryGetValue(node, out var variable))
        {
            _sourceMap.Record(path, variable);
        }
        else
        {
            _sourceMap.Record(path, node.Start);
        }
    }

    private void AddError(string path, string message, YamlNode node) =>
        _errors.Add(_origins.TryGetValue(node, out var variable)
            ? new ConfigError(path, message, 0, 0, variable)
            : new ConfigError(path, message, (int)node.Start.Line, (int)node.Start.Column));

    private bool Fail(string path, string message, YamlNode node)
    {
        AddError(path, message, node);
        return false;
    }
}
