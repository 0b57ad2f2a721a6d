using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.TestOptions;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class ConfigEnvironmentTests
{
    [Fact]
    public void From_ProcessEnvironment_KeepsOnlyDoubleUnderscorePrefixedVariables()
    {
        var environment = ConfigEnvironment.From(new Dictionary<string, string?>
        {
            ["ATRIUM_CONFIG"] = "/etc/atrium.yaml",
            ["ATRIUM_ADMIN_PASSWORD"] = "secret",
            ["HOME"] = "/root",
            ["Atrium__Host__Workers"] = "3",
        });

        // No override without the prefix; every variable stays readable for ${env:NAME} references.
        var unprefixed = ConfigEnvironment.From(new Dictionary<string, string?> { ["HOME"] = "/root" });
        unprefixed.Variables.ShouldBeEmpty();
        unprefixed.CommandLine.ShouldBeEmpty();
        unprefixed.All["HOME"].ShouldBe("/root");
        var loaded = ConfigLoader.LoadWithOverrides(string.Empty, AtriumConfig.EmbeddedSource, TestSchemas.Create(), environment);
        loaded.Errors.ShouldBeEmpty();
        loaded.Config!.Get<TestHostOptions>("host").Workers.ShouldBe(3);
    }

    [Fact]
    public void From_TwelveListIndexes_AppliesThemInNumericOrder()
    {
        var variables = Enumerable.Range(0, 12)
            .Reverse()
            .ToDictionary(i => $"ATRIUM__GATEWAY__LISTEN__{i}", i => (string?)$"http://127.0.0.1:{9000 + i}");

        var loaded = ConfigLoader.Load(string.Empty, AtriumConfig.EmbeddedSource, TestSchemas.Create(), variables);

        loaded.Errors.ShouldBeEmpty();
        loaded.Config!.Get<TestGatewayOptions>("gateway").Listen.ShouldBe(Enumerable.Range(0, 12).Select(i => $"http://127.0.0.1:{9000 + i}"));
    }
}
