namespace Atrium.Chassis.Configuration;

/// <summary>The sections <c>atrium.yaml</c> may contain, each with its options type. Modules register here.</summary>
public sealed class ConfigSchema
{
    private readonly List<ConfigSectionDefinition> _sections = [];
    private readonly Dictionary<string, ConfigSectionDefinition> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ignored = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Action<object, ConfigValidationContext>> _validators = new(StringComparer.Ordinal);

    /// <summary>The registered sections, in registration order.</summary>
    public IReadOnlyList<ConfigSectionDefinition> Sections => _sections;

    /// <summary>Registers a top-level section.</summary>
    /// <typeparam name="T">The options class the section binds to; properties bind from their camelCase names.</typeparam>
    /// <param name="section">The top-level YAML key, e.g. <c>gateway</c>.</param>
    /// <param name="reloadable">
    /// Whether a change on disk is applied while running. Default <c>false</c>: only the properties marked
    /// <see cref="ReloadableAttribute"/> change live; other changed keys keep their running values until a restart.
    /// </param>
    /// <returns>This schema, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered (names compare case-insensitively).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has a property of a type the binder cannot bind.</exception>
    public ConfigSchema Add<T>(string section, bool reloadable = false)
        where T : class, new()
    {
        AddSection<T>(section, reloadable);
        return this;
    }

    /// <summary>
    /// Registers a top-level section with a validator of its own, run after the section's objects have validated
    /// themselves (DataAnnotations and <see cref="IValidatableConfig"/>), its errors listed with theirs. For rules that
    /// need more than the records know, so that the records can stay data.
    /// </summary>
    /// <typeparam name="T">The options class the section binds to; properties bind from their camelCase names.</typeparam>
    /// <param name="section">The top-level YAML key, e.g. <c>gateway</c>.</param>
    /// <param name="validate">
    /// Reports every problem of the bound section through the context, whose path is the section name; never throws
    /// for invalid values.
    /// </param>
    /// <param name="reloadable">As for <see cref="Add{T}(string, bool)"/>. Default <c>false</c>.</param>
    /// <returns>This schema, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered (names compare case-insensitively).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has a property of a type the binder cannot bind.</exception>
    public ConfigSchema Add<T>(string section, Action<T, ConfigValidationContext> validate, bool reloadable = false)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(validate);
        AddSection<T>(section, reloadable);
        _validators.Add(section, (options, context) => validate((T)options, context));
        return this;
    }

    private void AddSection<T>(string section, bool reloadable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);

        // Names differing only by case would make typos in the file ambiguous.
        if (_sections.Exists(s => string.Equals(s.Name, section, StringComparison.OrdinalIgnoreCase)) || _ignored.Contains(section))
        {
            throw new ArgumentException($"Config section '{section}' is already registered.", nameof(section));
        }

        var unsupported = ConfigTypeChecker.FindUnsupported(typeof(T), section);
        if (unsupported.Count > 0)
        {
            throw new NotSupportedException(
                $"Config section '{section}' ({typeof(T).Name}) has properties of unsupported types: {string.Join(", ", unsupported)}.");
        }

        var definition = new ConfigSectionDefinition(section, typeof(T), reloadable);
        _sections.Add(definition);
        _byName.Add(section, definition);
    }

    /// <summary>
    /// Accepts a top-level section without binding or checking it: one that modules of another executable read, so that
    /// the same file serves both (<c>atrium-gateway</c> ignores the services' sections of <c>atrium.yaml</c>).
    /// <c>ATRIUM__SECTION__...</c> variables and <c>--set</c> arguments for it are ignored too.
    /// </summary>
    /// <param name="section">The top-level YAML key, e.g. <c>identity</c>.</param>
    /// <returns>This schema, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public ConfigSchema Ignore(string section)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        if (_sections.Exists(s => string.Equals(s.Name, section, StringComparison.OrdinalIgnoreCase)) || !_ignored.Add(section))
        {
            throw new ArgumentException($"Config section '{section}' is already registered.", nameof(section));
        }

        return this;
    }

    /// <summary>The validator registered beside <paramref name="section"/>, if any.</summary>
    internal Action<object, ConfigValidationContext>? ValidatorOf(string section) => _validators.GetValueOrDefault(section);

    internal bool IsIgnored(string section) => _ignored.Contains(section);

    internal bool TryGet(string section, out ConfigSectionDefinition definition) =>
        _byName.TryGetValue(section, out definition!);
}
