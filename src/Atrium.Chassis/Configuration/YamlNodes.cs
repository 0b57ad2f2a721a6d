using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration;

/// <summary>What the binder and the environment overlay both need to know about YAML nodes.</summary>
internal static class YamlNodes
{
    /// <summary>An explicit null, or a plain scalar YAML reads as null (empty, <c>~</c>, <c>null</c>).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar
        && ((!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:null")
            || (scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL"));

    /// <summary>The mapping's plain-string keys, in document order.</summary>
    public static IEnumerable<string> Keys(YamlMappingNode mapping) =>
        mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).OfType<string>();

    /// <summary>The entry whose key is exactly <paramref name="key"/>; the first one, as the binder would meet it.</summary>
    public static KeyValuePair<YamlNode, YamlNode>? Find(YamlMappingNode mapping, string key)
    {
        foreach (var pair in mapping.Children)
        {
            if (pair.Key is YamlScalarNode { Value: { } text } && text == key)
            {
                return pair;
            }
        }

        return null;
    }
}
