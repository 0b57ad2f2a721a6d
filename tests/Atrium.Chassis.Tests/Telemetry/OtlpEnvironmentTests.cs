using System.Collections.Concurrent;
using System.Diagnostics;
using Atrium.Chassis.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Tests.Telemetry;

[Collection(TelemetryTestGroup.Name)]
public sealed class OtlpEnvironmentTests
{
    private static readonly string[] Variables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
    ];

    [Fact]
    public async Task Start_WithOtelEnvironmentOnly_ExportsSpansWithTheModuleNameAndResourceAttributes()
    {
        var received = new ConcurrentQueue<OtlpTraceRequest>();
        await using var collector = await StartCollectorAsync(received);
        using var environment = new Environment(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=staging,team=checkout",
        });

        ExportOneSpan(new TelemetryOptions(), "identity");

        var resource = received.SelectMany(r => r.Resources).Single(r => r.Spans.Contains("work"));
        resource.Attributes["service.name"].ShouldBe("identity");
        resource.Attributes["service.namespace"].ShouldBe("atrium");
        resource.Attributes["deployment.environment"].ShouldBe("staging");
        resource.Attributes["team"].ShouldBe("checkout");
    }

    [Fact]
    public async Task Start_ConfigEndpointAndSamplerAndEnvironment_TheConfigWins()
    {
        var received = new ConcurrentQueue<OtlpTraceRequest>();
        await using var collector = await StartCollectorAsync(received);
        var ignored = new ConcurrentQueue<OtlpTraceRequest>();
        await using var other = await StartCollectorAsync(ignored);
        using var environment = new Environment(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = other.Address.ToString().TrimEnd('/'),
            ["OTEL_TRACES_SAMPLER"] = "always_off",
            ["OTEL_SERVICE_NAME"] = "checkout-identity",
        });
        var options = new TelemetryOptions { TraceSamplingRatio = 1.0, Otlp = { Endpoint = collector.Address.ToString() } };

        ExportOneSpan(options, "identity");

        var resource = received.SelectMany(r => r.Resources).Single(r => r.Spans.Contains("work"));
        resource.Attributes["service.name"].ShouldBe("checkout-identity");
        ignored.ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_SamplerFromEnvironment_DropsUnsampledTraces()
    {
        var received = new ConcurrentQueue<OtlpTraceRequest>();
        var signals = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(received, signals);
        using var environment = new Environment(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_TRACES_SAMPLER"] = "traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0",
        });

        ExportOneSpan(new TelemetryOptions(), "identity");

        // Export was on (the metrics arrived at the variable's endpoint); only the span was not sampled.
        signals.ShouldContain("metrics");
        received.SelectMany(r => r.Resources).SelectMany(r => r.Spans).ShouldNotContain("work");
    }

    [Fact]
    public async Task Start_SeveralModules_ExportsEachModulesSpansUnderItsOwnServiceName()
    {
        var received = new ConcurrentQueue<OtlpTraceRequest>();
        await using var collector = await StartCollectorAsync(received);
        using var environment = new Environment(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "one-name-for-all",
        });
        var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), ["gateway", "identity"]);
        using (var identitySource = new ActivitySource("Atrium.Identity.Tests"))
        using (var other = new ActivitySource("Atrium.Tests.Modules"))
        {
            using (identitySource.StartActivity("identity-work"))
            {
            }

            using (var request = other.StartActivity("identity-request"))
            {
                ModuleAttribution.Mark(request, "identity");
                using (other.StartActivity("identity-child"))
                {
                }
            }

            using (other.StartActivity("process-work"))
            {
            }
        }

        telemetry.Dispose();

        var spans = received.SelectMany(r => r.Resources)
            .SelectMany(r => r.Spans.Select(span => (Service: r.Attributes["service.name"], Span: span)))
            // Telemetry listens to every Atrium source in the process, and other test classes run beside this one
            // (an outbox's publish spans); the spans this test made are the ones it judges.
            .Where(s => s.Span is "identity-work" or "identity-child" or "identity-request" or "process-work")
            .ToList();
        spans.ShouldBe(
            [("identity", "identity-work"), ("identity", "identity-child"), ("identity", "identity-request"), ("gateway", "process-work")],
            ignoreOrder: true);
    }

    private static void ExportOneSpan(TelemetryOptions options, string service)
    {
        var telemetry = AtriumTelemetry.Start(options, service);
        using (var source = new ActivitySource("Atrium.Tests.OtlpEnvironment"))
        using (source.StartActivity("work"))
        {
        }

        // Disposing flushes: every export has reached the collector when it returns.
        telemetry.Dispose();
    }

    private static Task<TestWebApp> StartCollectorAsync(ConcurrentQueue<OtlpTraceRequest> received, ConcurrentQueue<string>? signals = null) =>
        TestWebApp.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpRequest request, string signal) =>
        {
            signals?.Enqueue(signal);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (signal == "traces")
            {
                received.Enqueue(OtlpTraceRequest.Parse(body.ToArray()));
            }

            return Results.Ok();
        }));

    // Sets OpenTelemetry's variables for one test and restores them all, set or not, afterwards.
    private sealed class Environment : IDisposable
    {
        private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, System.Environment.GetEnvironmentVariable);

        public Environment(Dictionary<string, string> values)
        {
            foreach (var name in Variables)
            {
                System.Environment.SetEnvironmentVariable(name, values.GetValueOrDefault(name));
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _saved)
            {
                System.Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
