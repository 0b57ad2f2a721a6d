using Atrium.Chassis.Configuration;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Configuration;

/// <summary>The config-validation tests' set-up: a <c>gateway</c> section written as YAML, loaded with the test schema.</summary>
internal static class GatewayConfigText
{
    /// <summary>Loads <paramref name="gatewayYaml"/> (unindented) as the <c>gateway</c> section over the embedded defaults.</summary>
    public static ConfigLoadResult Load(string gatewayYaml) =>
        ConfigLoader.Load("gateway:\n" + string.Join("\n", gatewayYaml.ReplaceLineEndings("\n").Split('\n').Select(l => "  " + l)),
            AtriumConfig.EmbeddedSource, TestConfigSchema.Create());

    /// <summary>The errors of <paramref name="gatewayYaml"/>, which must be refused, each from its <c>gateway.</c> path on.</summary>
    public static List<string> Errors(string gatewayYaml)
    {
        var result = Load(gatewayYaml);
        result.Succeeded.ShouldBeFalse();
        return result.Errors.Select(e => e.ToString()).Select(e => e[e.IndexOf("gateway.", StringComparison.Ordinal)..]).ToList();
    }
}
