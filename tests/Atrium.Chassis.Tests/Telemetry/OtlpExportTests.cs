using System.Collections.Concurrent;
using System.Diagnostics;
using Atrium.Chassis.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Telemetry;

[Collection(TelemetryTestGroup.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Dispose_WithHttpEndpoint_PostsTracesAndMetricsToSignalPaths()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(received);
        var options = new TelemetryOptions { Otlp = { Endpoint = collector.Address.ToString(), Headers = "x-tenant=acme" } };
        var telemetry = AtriumTelemetry.Start(options, "otlp-test");
        using (var source = new ActivitySource("Atrium.Tests.Otlp"))
        using (source.StartActivity("work"))
        {
        }

        telemetry.Dispose();

        received.ShouldContain("/v1/traces application/x-protobuf acme");
        received.ShouldContain("/v1/metrics application/x-protobuf acme");
    }

    [Fact]
    public async Task AddAtriumOtlpLogs_WithEndpoint_PostsLogsOnDispose()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(received);
        var options = new TelemetryOptions { Otlp = { Endpoint = collector.Address.ToString() } };
        var services = new ServiceCollection().AddLogging(b => b.AddAtriumOtlpLogs(options, "otlp-test")).BuildServiceProvider();

        services.GetRequiredService<ILoggerFactory>().CreateLogger("test").LogWarning("hello {Name}", "otlp");
        await services.DisposeAsync();

        received.ShouldContain("/v1/logs application/x-protobuf ");
    }

    [Fact]
    public void AddAtriumOtlpLogs_WithoutEndpoint_AddsNoProvider()
    {
        using var services = new ServiceCollection()
            .AddLogging(b => b.AddAtriumOtlpLogs(new TelemetryOptions(), "otlp-test"))
            .BuildServiceProvider();

        services.GetServices<ILoggerProvider>().ShouldBeEmpty();
    }

    private static Task<TestWebApp> StartCollectorAsync(ConcurrentQueue<string> received) =>
        TestWebApp.StartAsync(app => app.MapPost("/v1/{signal}", (HttpRequest request) =>
        {
            received.Enqueue($"{request.Path} {request.ContentType} {request.Headers["x-tenant"]}");
            return Results.Ok();
        }));
}
