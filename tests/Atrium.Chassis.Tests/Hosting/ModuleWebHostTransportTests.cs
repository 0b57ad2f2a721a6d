using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Tests.Telemetry;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Tests.Hosting;

/// <summary>
/// <c>host.transport</c> picks Kestrel's transport for a module's listeners. A module host needs telemetry, which a
/// process runs once at a time, so these run with the telemetry tests.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class ModuleWebHostTransportTests : IDisposable
{
    private readonly AtriumTelemetry _telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "tests");

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task CreateBuilder_TransportIoUring_ServesOverIoUring()
    {
        await using var module = await StartAsync("transport: iouring\n");
        using var client = module.Client();

        // The io_uring transport names its connections "iou-…"; Kestrel's sockets do not.
        (await client.GetStringAsync("/connection")).ShouldStartWith("iou-");
        (await client.GetStringAsync("/healthz")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task CreateBuilder_TransportDefault_ServesOverSockets()
    {
        await using var module = await StartAsync(hostYaml: "");
        using var client = module.Client();

        (await client.GetStringAsync("/connection")).ShouldNotStartWith("iou-");
    }

    private Task<ModuleTestHost> StartAsync(string hostYaml) =>
        ModuleTestHost.StartAsync<ServiceModuleOptions>("tests", context =>
        {
            var listen = context.Get<ConfigStore>().Current.Get<ServiceModuleOptions>("tests").Listen;
            return ModuleWebHost.Build(ModuleWebHost.CreateBuilder(context, "tests", listen), app => app.MapGet("/connection", (HttpContext c) => c.Connection.Id));
        }, telemetry: _telemetry, hostYaml: hostYaml);
}
