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
}
