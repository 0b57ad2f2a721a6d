using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

internal static class TestSchemas
{
    public static ConfigSchema Create() => new ConfigSchema()
        .Add<TestHostOptions>("host")
        .Add<TestLoggingOptions>("logging", reloadable: true)
        .Add<TestGatewayOptions>("gateway", reloadable: true);
}
