namespace Atrium.Chassis.Configuration;

/// <summary>Given to <see cref="IValidatableConfig.Validate"/>: collects errors and exposes the other sections.</summary>
public sealed class ConfigValidationContext
{
    private readonly IReadOnlyDictionary<string, object> _sections;
    private readonly Action<string, string> _report;

    internal ConfigValidationContext(string path, IReadOnlyDictionary<string, object> sections, Action<string, string> report)
    {
        Path = path;
        _sections = sections;
        _report = report;
    }

    /// <summary>The path of the object being validated, e.g. <c>gateway</c> or <c>gateway.routes[2]</c>.</summary>
    public string Path { get; }

    /// <summary>Records an error.</summary>
    /// <param name="relativePath">
    /// Path relative to the object being validated (<c>cluster</c>, <c>endpoints[0]</c>); empty for the object itself.
    /// </param>
    /// <param name="message">What is wrong.</param>
    public void AddError(string relativePath, string message)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentException.ThrowIfNullOrEmpty(message);
        _report(ConfigPath.Combine(Path, relativePath), message);
    }

    /// <summary>Returns the bound options of another section (or of this one), for cross-section rules.</summary>
    /// <typeparam name="T">The options type registered for the section.</typeparam>
    /// <param name="name">The section name, e.g. <c>gateway</c>.</param>
    /// <returns>The bound instance, or <c>null</c> when no such section is registered or its type differs.</returns>
    public T? GetSection<T>(string name)
        where T : class =>
        _sections.TryGetValue(name, out var value) ? value as T : null;
}
