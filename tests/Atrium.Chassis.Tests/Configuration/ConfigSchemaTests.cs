using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.TestOptions;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class ConfigSchemaTests
{
    [Fact]
    public void Add_TwoSections_ListsThemInOrder()
    {
        var schema = new ConfigSchema().Add<TestHostOptions>("host").Add<TestGatewayOptions>("gateway", reloadable: true);

        schema.Sections.ShouldBe(
        [
            new ConfigSectionDefinition("host", typeof(TestHostOptions), false),
            new ConfigSectionDefinition("gateway", typeof(TestGatewayOptions), true),
        ]);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("Host")]
    public void Add_DuplicateName_Throws(string duplicate)
    {
        var schema = new ConfigSchema().Add<TestHostOptions>("host");

        Should.Throw<ArgumentException>(() => schema.Add<TestLoggingOptions>(duplicate))
            .Message.ShouldStartWith($"Config section '{duplicate}' is already registered.");
    }

    [Fact]
    public void Add_OptionsWithUnsupportedPropertyType_Throws()
    {
        Should.Throw<NotSupportedException>(() => new ConfigSchema().Add<UnsupportedOptions>("bad"))
            .Message.ShouldBe("Config section 'bad' (UnsupportedOptions) has properties of unsupported types: bad.items[0].handle (Object), bad.lookup (Dictionary`2).");
    }

    [Fact]
    public void Ignore_SectionOfAnotherExecutable_IsNeitherBoundNorCheckedNorItsVariablesApplied()
    {
        var schema = TestSchemas.Create().Ignore("identity");
        var yaml = """
            host: { workers: 2 }
            identity: { anything: [1, 2], nested: { goes: here } }
            """;
        var variables = new Dictionary<string, string?> { ["ATRIUM__IDENTITY__WHATEVER"] = "x", ["ATRIUM__HOST__WORKERS"] = "3" };

        var loaded = ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, schema, variables);

        loaded.Errors.ShouldBeEmpty();
        loaded.Config!.Get<TestHostOptions>("host").Workers.ShouldBe(3);
        schema.Sections.Select(s => s.Name).ShouldNotContain("identity");
    }

    [Fact]
    public void Ignore_NameOfARegisteredSection_Throws()
    {
        var schema = TestSchemas.Create();

        Should.Throw<ArgumentException>(() => schema.Ignore("Host")).Message.ShouldStartWith("Config section 'Host' is already registered.");
        Should.Throw<ArgumentException>(() => schema.Ignore("identity").Add<TestHostOptions>("identity"))
            .Message.ShouldStartWith("Config section 'identity' is already registered.");
    }

    [Fact]
    public void Load_SectionNeitherRegisteredNorIgnored_IsStillAnError()
    {
        var loaded = ConfigLoader.Load("identity: {}", AtriumConfig.EmbeddedSource, TestSchemas.Create().Ignore("catalog"));

        loaded.Errors.Select(e => e.Message).ShouldContain(m => m.StartsWith("unknown section 'identity'", StringComparison.Ordinal));
    }
}
