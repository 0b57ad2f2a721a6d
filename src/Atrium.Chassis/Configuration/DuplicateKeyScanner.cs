using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Finds every duplicate mapping key with its path. YamlStream stops at the first duplicate with no path,
/// so this pass over the raw parser events runs first.
/// </summary>
internal static class DuplicateKeyScanner
{
    public static List<ConfigError> Scan(string yaml)
    {
        var errors = new List<ConfigError>();
        var stack = new Stack<Frame>();
        var parser = new Parser(new StringReader(yaml));
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    Enter(stack, scalar, scalar.Value, errors);
                    Complete(stack);
                    break;
                case AnchorAlias alias:
                    Enter(stack, alias, null, errors);
                    Complete(stack);
                    break;
                case MappingStart or SequenceStart:
                    var path = Enter(stack, parser.Current, null, errors);
                    stack.Push(new Frame(path, parser.Current is MappingStart));
                    break;
                case MappingEnd or SequenceEnd:
                    stack.Pop();
                    Complete(stack);
                    break;
                case DocumentEnd:
                    stack.Clear();
                    break;
            }
        }

        return errors;
    }

    private static string Enter(Stack<Frame> stack, ParsingEvent node, string? scalarValue, List<ConfigError> errors)
    {
        if (!stack.TryPeek(out var parent))
        {
            return string.Empty;
        }

        if (!parent.IsMapping)
        {
            return ConfigPath.Index(parent.Path, parent.Index);
        }

        if (!parent.ExpectingKey)
        {
            return ConfigPath.DictionaryKey(parent.Path, parent.CurrentKey);
        }

        parent.CurrentKey = scalarValue ?? "?";
        if (scalarValue is not null && !parent.Keys.Add(scalarValue))
        {
            errors.Add(new ConfigError(
                ConfigPath.DictionaryKey(parent.Path, scalarValue),
                $"duplicate key '{scalarValue}'",
                (int)node.Start.Line,
                (int)node.Start.Column));
        }

        return parent.Path;
    }

    private static void Complete(Stack<Frame> stack)
    {
        if (!stack.TryPeek(out var parent))
        {
            return;
        }

        if (parent.IsMapping)
        {
            parent.ExpectingKey = !parent.ExpectingKey;
        }
        else
        {
            parent.Index++;
        }
    }

    private sealed class Frame(string path, bool isMapping)
    {
        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public bool ExpectingKey { get; set; } = true;

        public string CurrentKey { get; set; } = string.Empty;

        public int Index { get; set; }
    }
}
