using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>The schema of <c>Modules.CreateConfigSchema()</c> in the Atrium executable (not referenced here); keep the two lists equal.</summary>
internal static class TestConfigSchema
{
    public static ConfigSchema Create() => new ConfigSchema()
        .Add<AtriumHostOptions>(AtriumHostOptions.Section)
        .Add<TelemetryOptions>(TelemetryOptions.Section)
        .Add<LoggingOptions>(LoggingOptions.Section, reloadable: true)
        .Add<EventingOptions>(EventingOptions.Section)
        .AddGatewaySection()
        .Add<ServiceModuleOptions>("identity")
        .Add<ServiceModuleOptions>("catalog")
        .Add<ServiceModuleOptions>("payments")
        .Add<ServiceModuleOptions>("ordering");
}
