using Atrium.Chassis.Telemetry;
using OpenTelemetry.Exporter;

namespace Atrium.Chassis.Tests.Telemetry;

public sealed class OtlpExporterSettingsTests
{
    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("https://gw.example/otlp", "https://gw.example/otlp/v1/traces")]
    public void Apply_HttpProtobuf_AppendsSignalPath(string endpoint, string expected)
    {
        var target = new OtlpExporterOptions();

        OtlpExporterSettings.Apply(new OtlpOptions { Endpoint = endpoint, Headers = "a=1,b=2" }, "traces", target);

        target.Endpoint.ShouldBe(new Uri(expected));
        target.Protocol.ShouldBe(OtlpExportProtocol.HttpProtobuf);
        target.Headers.ShouldBe("a=1,b=2");
    }

    [Fact]
    public void Apply_Grpc_UsesEndpointAsIs()
    {
        var target = new OtlpExporterOptions();

        OtlpExporterSettings.Apply(new OtlpOptions { Endpoint = "http://collector:4317", Protocol = "grpc" }, "metrics", target);

        target.Endpoint.ShouldBe(new Uri("http://collector:4317"));
        target.Protocol.ShouldBe(OtlpExportProtocol.Grpc);
    }
}
