using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Telemetry;

namespace Atrium.Chassis.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreDocumentedValues()
    {
        var options = new TelemetryOptions();

        options.ServiceNamespace.ShouldBe("atrium");
        options.TraceSamplingRatio.ShouldBeNull();
        options.Metrics.ShouldBeTrue();
        options.Traces.ShouldBeTrue();
        options.Otlp.Endpoint.ShouldBeNull();
        options.Otlp.Protocol.ShouldBeNull();
        options.Otlp.Headers.ShouldBeNull();
        Validate(options).ShouldBeEmpty();
        Validate(options.Otlp).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Validate_SamplingRatioOutOfRange_Fails(double ratio) =>
        Validate(new TelemetryOptions { TraceSamplingRatio = ratio })
            .ShouldBe(["The field TraceSamplingRatio must be between 0 and 1."]);

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public void Validate_KnownProtocol_Passes(string protocol) =>
        Validate(new OtlpOptions { Protocol = protocol }).ShouldBeEmpty();

    [Fact]
    public void Validate_UnknownProtocol_Fails() =>
        Validate(new OtlpOptions { Protocol = "http/json" })
            .ShouldBe(["The Protocol field does not equal any of the values specified in AllowedValuesAttribute."]);

    [Theory]
    [InlineData("collector:4317")]
    [InlineData("ftp://collector")]
    public void Validate_EndpointNotHttpUrl_FailsWithPath(string endpoint)
    {
        var result = ConfigLoader.Load($"telemetry:\n  otlp:\n    endpoint: \"{endpoint}\"\n", "test", Schema());

        result.Errors.Select(e => e.ToString()).ShouldBe(
            [$"telemetry.otlp.endpoint: '{endpoint}' is not an absolute http or https address (leave it empty to turn OTLP off)"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://localhost:4318")]
    public void Validate_EndpointEmptyOrHttp_Passes(string endpoint) =>
        ConfigLoader.Load($"telemetry:\n  otlp:\n    endpoint: \"{endpoint}\"\n", "test", Schema()).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("metrics")]
    [InlineData("traces")]
    public void Load_SignalSwitchNotBoolean_FailsWithPath(string key)
    {
        var result = ConfigLoader.Load($"telemetry:\n  {key}: off-please\n", "test", Schema());

        result.Errors.Select(e => e.ToString()).ShouldBe([$"telemetry.{key}: 'off-please' is not a boolean (use true or false)"]);
    }

    [Fact]
    public void Load_SignalSwitchesFalse_BindsBoth()
    {
        var result = ConfigLoader.Load("telemetry:\n  metrics: false\n  traces: false\n", "test", Schema());

        result.Errors.ShouldBeEmpty();
        var options = result.Config!.Get<TelemetryOptions>(TelemetryOptions.Section);
        options.Metrics.ShouldBeFalse();
        options.Traces.ShouldBeFalse();
    }

    private static ConfigSchema Schema() => new ConfigSchema().Add<TelemetryOptions>(TelemetryOptions.Section);

    private static List<string?> Validate(object instance)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage).ToList();
    }
}
