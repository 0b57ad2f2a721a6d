namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// A message head as it was read off the wire: the start line and every header field in order, names as sent and
/// values without their surrounding whitespace. <see cref="Length"/> counts the head's bytes, blank line included.
/// </summary>
internal sealed record WireHead(string StartLine, IReadOnlyList<KeyValuePair<string, string>> Fields, int Length)
{
    /// <summary>The values of every field named <paramref name="name"/> (case-insensitive), in order.</summary>
    public IReadOnlyList<string> Values(string name) =>
        [.. Fields.Where(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value)];

    /// <summary>The head as text, for failure messages.</summary>
    public override string ToString() => StartLine + "\n" + string.Join("\n", Fields.Select(f => $"{f.Key}: {f.Value}"));
}
