using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration;

/// <summary>Parses YAML text into the representation model, turning syntax problems into <see cref="ConfigError"/>s.</summary>
internal static class YamlDocumentReader
{
    /// <summary>Returns the root node (<c>null</c> for an empty file) or the errors that prevented parsing.</summary>
    public static (YamlNode? Root, IReadOnlyList<ConfigError> Errors) Read(string yaml)
    {
        try
        {
            var duplicates = DuplicateKeyScanner.Scan(yaml);
            if (duplicates.Count > 0)
            {
                return (null, duplicates);
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode.Start;
                return (null, [new ConfigError(string.Empty, "only one YAML document is allowed", (int)second.Line, (int)second.Column)]);
            }

            return (stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, []);
        }
        catch (YamlException ex)
        {
            return (null, [new ConfigError(string.Empty, StripLocation(ex.Message), (int)ex.Start.Line, (int)ex.Start.Column)]);
        }
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already in the error.
    private static string StripLocation(string message)
    {
        const string Separator = "): ";
        if (!message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            return message;
        }

        var end = message.IndexOf(Separator, StringComparison.Ordinal);
        return end < 0 ? message : message[(end + Separator.Length)..];
    }
}
