using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Tests.Telemetry;
using Atrium.Testing;

namespace Atrium.Chassis.Tests.Hosting;

/// <summary>
/// A module started alone, as <c>atrium run --target=ordering</c> starts one, without the gateway's admin listener:
/// its own listener serves the process's diagnostics behind the admin token the process shares, and only then. A module
/// host needs telemetry, which a process runs once at a time, so these run with the telemetry tests, never beside them.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class ModuleWebHostDiagnosticsTests : IDisposable
{
    private const string Token = "chassis-tests-admin-token-5d2e9b";

    // A telemetry of its own, stopped with the test: the one a module host shares otherwise lives as long as the
    // process, and the telemetry tests of this process each start their own.
    private readonly AtriumTelemetry _telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "tests");

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task Build_AdminTokenShared_ServesTraceWithTheToken()
    {
        await using var module = await StartAsync(Token);
        using var client = module.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await client.GetAsync("/admin/diagnostics/trace?seconds=1");
        var trace = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldEndWith(".nettrace");
        // Every EventPipe file starts with this magic.
        Encoding.ASCII.GetString(trace, 0, 8).ShouldBe("Nettrace");
    }

    [Theory]
    [InlineData(null, "/admin/diagnostics/trace?seconds=1")]
    [InlineData("not-the-admin-token-at-all", "/admin/diagnostics/trace?seconds=1")]
    [InlineData(null, "/admin/diagnostics/gcdump")]
    [InlineData(null, "/admin/diagnostics/counters")]
    public async Task Build_AdminTokenShared_RefusesWithoutTheToken(string? presented, string path)
    {
        await using var module = await StartAsync(Token);
        using var client = module.Client();
        if (presented is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", presented);
        }

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer realm=\"atrium-admin\"");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().ShouldBe("AUTH_FAILED");
    }

    [Fact]
    public async Task Build_NoAdminToken_ServesNoDiagnostics()
    {
        await using var module = await StartAsync(adminToken: null);
        using var client = module.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await client.GetAsync("/admin/diagnostics/counters?seconds=1");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task<ModuleTestHost> StartAsync(string? adminToken) =>
        ModuleTestHost.StartAsync<ServiceModuleOptions>("tests", context =>
        {
            var listen = context.Get<ConfigStore>().Current.Get<ServiceModuleOptions>("tests").Listen;
            return ModuleWebHost.Build(ModuleWebHost.CreateBuilder(context, "tests", listen), _ => { });
        }, telemetry: _telemetry, adminToken: adminToken);
}
