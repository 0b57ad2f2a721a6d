namespace Atrium.Chassis.Configuration;

/// <summary>
/// The <c>ATRIUM__SECTION__KEY[__SUBKEY|__INDEX]...</c> variables of a process, which override <c>atrium.yaml</c> (the
/// file or the embedded defaults) at start and on every reload. Other variables are ignored.
/// </summary>
public sealed class ConfigEnvironment
{
    /// <summary>What a variable must start with to set a config key (compared case-insensitively, as ASP.NET Core does).</summary>
    public const string Prefix = "ATRIUM__";

    /// <summary>Separates the segments of a variable name: sections, keys and list indexes.</summary>
    public const string Separator = "__";

    private ConfigEnvironment(IReadOnlyList<ConfigVariable> variables) => Variables = variables;

    /// <summary>No overrides.</summary>
    public static ConfigEnvironment Empty { get; } = new([]);

    internal IReadOnlyList<ConfigVariable> Variables { get; }

    /// <summary>Picks the config variables out of a process environment.</summary>
    /// <param name="variables">Every variable of the environment; those not starting with <see cref="Prefix"/> are ignored.</param>
    /// <returns>The overrides, ordered so that list indexes apply in ascending order (appends before the next append).</returns>
    public static ConfigEnvironment From(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var picked = variables
            .Where(v => v.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            .Select(v => new ConfigVariable(v.Key, v.Key[Prefix.Length..].Split(Separator), v.Value ?? string.Empty))
            .Order(ConfigVariable.SegmentOrder)
            .ToList();
        return picked.Count == 0 ? Empty : new ConfigEnvironment(picked);
    }
}
