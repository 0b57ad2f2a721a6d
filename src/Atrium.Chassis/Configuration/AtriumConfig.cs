using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// One validated snapshot of <c>atrium.yaml</c>. A new snapshot replaces it on reload; treat the options
/// instances it hands out as read-only.
/// </summary>
public sealed class AtriumConfig
{
    /// <summary>The <see cref="Source"/> of config loaded from text rather than a file.</summary>
    public const string EmbeddedSource = "embedded";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly IReadOnlyDictionary<string, object> _sections;

    internal AtriumConfig(
        string source, ConfigSchema schema, IReadOnlyDictionary<string, object> sections, ConfigSourceMap sourceMap, ConfigEnvironment environment)
    {
        Source = source;
        Environment = environment;
        Schema = schema;
        SourceMap = sourceMap;
        _sections = sections;
    }

    /// <summary>The full path of the file this snapshot was read from, or <c>"embedded"</c>.</summary>
    public string Source { get; }

    /// <summary>The environment overrides applied on top of <see cref="Source"/>; reloads apply them again.</summary>
    internal ConfigEnvironment Environment { get; }

    internal ConfigSchema Schema { get; }

    internal ConfigSourceMap SourceMap { get; }

    internal IReadOnlyDictionary<string, object> Sections => _sections;

    /// <summary>Returns a section's bound options.</summary>
    /// <typeparam name="T">The options type registered for the section.</typeparam>
    /// <param name="section">The section name, e.g. <c>gateway</c>.</param>
    /// <returns>The bound instance; a default instance when the file does not contain the section.</returns>
    /// <exception cref="ArgumentException">The section is not registered in the schema.</exception>
    /// <exception cref="InvalidOperationException">The section is registered with a different type.</exception>
    public T Get<T>(string section)
        where T : class
    {
        if (!_sections.TryGetValue(section, out var value))
        {
            throw new ArgumentException($"Config section '{section}' is not registered.", nameof(section));
        }

        return value as T ?? throw new InvalidOperationException(
            $"Config section '{section}' is bound to {value.GetType().Name}, not {typeof(T).Name}.");
    }

    /// <summary>
    /// Renders the effective config (defaults included) as indented JSON, with <see cref="SecretAttribute"/> values as
    /// <c>"***"</c> and every other secret masked by <see cref="ConfigRedactor"/>.
    /// </summary>
    /// <returns>A JSON object with one property per registered section.</returns>
    public string ToRedactedJson() => RedactedView().ToJsonString(Indented);

    /// <summary>
    /// Renders the effective config as YAML, redacted as <see cref="ToRedactedJson"/> is; with
    /// <paramref name="withSources"/> each value is followed by a comment naming where it came from: <c>default</c>,
    /// <c>file:PATH</c>, <c>env:NAME</c> or <c>--set</c>.
    /// </summary>
    /// <param name="withSources">Whether to annotate each value with its source.</param>
    /// <returns>A YAML document with one key per registered section.</returns>
    public string ToRedactedYaml(bool withSources) =>
        ConfigYamlWriter.Write(RedactedView(), withSources ? path => SourceMap.Describe(path, Source) : null);

    private JsonObject RedactedView()
    {
        var view = JsonNode.Parse(ConfigJsonWriter.Write(Schema, _sections, redact: true, indented: false))!.AsObject();
        ConfigRedactor.Redact(view);
        return view;
    }
}
