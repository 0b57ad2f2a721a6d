namespace Atrium.Chassis.Configuration;

/// <summary>Bound section instances (every registered section, defaults where absent), where they came from, and binding errors.</summary>
internal sealed record ConfigBindResult(
    IReadOnlyDictionary<string, object> Sections,
    ConfigSourceMap SourceMap,
    IReadOnlyList<ConfigError> Errors);
