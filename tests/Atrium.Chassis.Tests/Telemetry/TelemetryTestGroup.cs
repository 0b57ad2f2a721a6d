namespace Atrium.Chassis.Tests.Telemetry;

/// <summary>
/// Tests that start <c>AtriumTelemetry</c>, which allows one instance per process, run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryTestGroup
{
    public const string Name = "AtriumTelemetry";
}
