using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Tests.Telemetry;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Tests.Hosting;

/// <summary>
/// A module host in a process started with <c>telemetry.metrics</c> or <c>telemetry.traces</c> off. Each test starts
/// its own telemetry, which a process runs once at a time, so these run with the telemetry tests.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class ModuleWebHostTelemetrySwitchTests
{
    private const string Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public async Task Metrics_MetricsOff_Answers404MetricsDisabled()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions { Metrics = false }, "tests");
        await using var module = await StartAsync(telemetry, _ => { });
        using var client = module.Client();

        using var response = await client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ProblemResponse.ContentType);
        response.Headers.GetValues(ProblemResponse.ErrorCodeHeader).ShouldBe(["METRICS_DISABLED"]);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().ShouldBe("METRICS_DISABLED");
    }

    [Fact]
    public async Task Request_TracesOff_HasNoActivityAndCallsOutWithoutTraceContext()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions { Traces = false }, "tests");
        await using var upstream = await TestWebApp.StartAsync(app => app.MapGet("/", (HttpRequest r) => r.Headers.TraceParent.ToString()));
        await using var module = await StartAsync(telemetry, app => MapProbe(app, upstream.Address));
        using var client = module.Client();

        var seen = await ProbeAsync(client);

        seen.ShouldBe("activity: none; upstream traceparent: ''");
    }

    [Fact]
    public async Task Request_TracesOn_ContinuesTheCallersTrace()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "tests");
        await using var upstream = await TestWebApp.StartAsync(app => app.MapGet("/", (HttpRequest r) => r.Headers.TraceParent.ToString()));
        await using var module = await StartAsync(telemetry, app => MapProbe(app, upstream.Address));
        using var client = module.Client();

        var seen = await ProbeAsync(client);

        seen.ShouldStartWith("activity: 4bf92f3577b34da6a3ce929d0e0e4736; upstream traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-");
    }

    private static async Task<string> ProbeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe");
        request.Headers.Add("traceparent", Traceparent);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    // What a handler sees of trace context: its request's activity and what its own outgoing call carries.
    private static void MapProbe(WebApplication app, Uri upstream) =>
        app.MapGet("/probe", async () =>
        {
            var activity = Activity.Current?.TraceId.ToHexString() ?? "none";
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            var carried = await http.GetStringAsync(upstream);
            return $"activity: {activity}; upstream traceparent: '{carried}'";
        });

    private static Task<ModuleTestHost> StartAsync(AtriumTelemetry telemetry, Action<WebApplication> map) =>
        ModuleTestHost.StartAsync<ServiceModuleOptions>("tests", context =>
        {
            var listen = context.Get<ConfigStore>().Current.Get<ServiceModuleOptions>("tests").Listen;
            return ModuleWebHost.Build(ModuleWebHost.CreateBuilder(context, "tests", listen), map);
        }, telemetry: telemetry);
}
