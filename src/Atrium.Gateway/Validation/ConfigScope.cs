using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Validation;

/// <summary>
/// An object inside the <c>gateway</c> section, by its path relative to the section. The chassis calls only the
/// section root's <c>Validate</c>; the validators here reach nested objects through scopes, so that every error keeps
/// the path it had when each config record validated itself.
/// </summary>
/// <param name="Context">The context of the section root.</param>
/// <param name="Path">The object's path relative to the section, e.g. <c>routes[2].match</c>; empty for the root.</param>
internal readonly record struct ConfigScope(ConfigValidationContext Context, string Path)
{
    private static readonly char[] CharsNeedingQuotes = ['.', '[', ']', ' ', '"'];

    /// <summary>Records an error at <paramref name="relativePath"/> under this object (empty for the object itself).</summary>
    public void AddError(string relativePath, string message) => Context.AddError(Resolve(relativePath), message);

    /// <summary>The section-relative path of <paramref name="relativePath"/> under this object.</summary>
    public string Resolve(string relativePath) =>
        relativePath.Length == 0 ? Path
        : Path.Length == 0 ? relativePath
        : relativePath[0] == '[' ? Path + relativePath
        : $"{Path}.{relativePath}";

    /// <summary>The property <paramref name="key"/> (its YAML name).</summary>
    public ConfigScope Child(string key) => this with { Path = Resolve(key) };

    /// <summary>The list item at <paramref name="index"/>.</summary>
    public ConfigScope Index(int index) => this with { Path = $"{Path}[{index}]" };

    /// <summary>The dictionary entry <paramref name="key"/>, bracketed as the chassis writes keys that hold dots.</summary>
    public ConfigScope Key(string key) => key.Length > 0 && key.IndexOfAny(CharsNeedingQuotes) < 0
        ? Child(key)
        : this with { Path = $"{Path}[\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]" };
}
