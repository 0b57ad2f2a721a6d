using Atrium.Chassis.Telemetry;
using Atrium.Testing;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Telemetry;

[Collection(TelemetryTestGroup.Name)]
public sealed class AtriumTelemetryTests
{
    [Fact]
    public void Start_OtlpEndpointWithUserInfo_LogsItRedacted()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        // Port 9 (discard) is closed on loopback: the exporters' flush on dispose fails at once.
        var options = new TelemetryOptions { Otlp = { Endpoint = "http://collector:hunter2@127.0.0.1:9" } };

        using (AtriumTelemetry.Start(options, "redaction-test", loggerFactory))
        {
        }

        logs.Entries.Select(e => e.Message).ShouldContain(m => m.Contains("OTLP export: http://***@127.0.0.1:9", StringComparison.Ordinal));
        logs.Entries.ShouldNotContain(e => e.Message.Contains("hunter2", StringComparison.Ordinal));
    }
}
