using YamlDotNet.RepresentationModel;

namespace Atrium.Chassis.Configuration;

/// <summary>The YAML tree with the overrides written in, which variable set each node it created, and the variables' errors.</summary>
internal sealed record EnvironmentOverlayResult(
    YamlNode? Root,
    IReadOnlyDictionary<YamlNode, string> Origins,
    IReadOnlyList<ConfigError> Errors);
