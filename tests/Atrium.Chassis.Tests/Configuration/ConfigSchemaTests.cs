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
}
