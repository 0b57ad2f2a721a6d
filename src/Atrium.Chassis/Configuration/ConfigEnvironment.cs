namespace Atrium.Chassis.Configuration;

/// <summary>
/// What a process adds on top of <c>atrium.yaml</c> (the file or the embedded defaults), at start and on every reload:
/// its <c>ATRIUM__SECTION__KEY[__SUBKEY|__INDEX]...</c> variables, then its <c>--set key.path=value</c> arguments
/// (which win), and every variable, which <c>${env:NAME}</c> references read.
/// </summary>
public sealed class ConfigEnvironment
{
    /// <summary>What a variable must start with to set a config key (compared case-insensitively, as ASP.NET Core does).</summary>
    public const string Prefix = "ATRIUM__";

    /// <summary>Separates the segments of a variable name: sections, keys and list indexes.</summary>
    public const string Separator = "__";

    private ConfigEnvironment(
        IReadOnlyList<ConfigVariable> variables, IReadOnlyList<ConfigVariable> commandLine, IReadOnlyDictionary<string, string?> all)
    {
        Variables = variables;
        CommandLine = commandLine;
        All = all;
    }

    /// <summary>No overrides, and no variables for references to read.</summary>
    public static ConfigEnvironment Empty { get; } = new([], [], new Dictionary<string, string?>());

    internal IReadOnlyList<ConfigVariable> Variables { get; }

    internal IReadOnlyList<ConfigVariable> CommandLine { get; }

    /// <summary>Every variable of the environment, for <c>${env:NAME}</c> references.</summary>
    internal IReadOnlyDictionary<string, string?> All { get; }

    /// <summary>Picks the config variables out of a process environment.</summary>
    /// <param name="variables">Every variable of the environment; those not starting with <see cref="Prefix"/> are ignored.</param>
    /// <returns>The overrides, ordered so that list indexes apply in ascending order (appends before the next append).</returns>
    public static ConfigEnvironment From(IEnumerable<KeyValuePair<string, string?>> variables) => From(variables, []);

    /// <summary>Picks the config variables out of a process environment and adds the command line's overrides.</summary>
    /// <param name="variables">Every variable of the environment; those not starting with <see cref="Prefix"/> are ignored.</param>
    /// <param name="setArguments">The values of the <c>--set</c> options, <c>key.path=value</c> each, in any order.</param>
    /// <returns>The overrides, each kind ordered so that list indexes apply in ascending order.</returns>
    public static ConfigEnvironment From(IEnumerable<KeyValuePair<string, string?>> variables, IEnumerable<string> setArguments)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(setArguments);
        var all = variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var picked = all
            .Where(v => v.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            .Select(v => new ConfigVariable(v.Key, v.Key[Prefix.Length..].Split(Separator), v.Value ?? string.Empty))
            .Order(ConfigVariable.SegmentOrder)
            .ToList();
        var commandLine = setArguments.Select(ConfigVariable.FromSetArgument).Order(ConfigVariable.SegmentOrder).ToList();
        return new ConfigEnvironment(picked, commandLine, all);
    }
}
