using OpenTelemetry.Resources;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// The OpenTelemetry resource of a module's traces, metrics and logs.
/// </summary>
internal static class TelemetryResource
{
    /// <summary>The variable that names the service.</summary>
    internal const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>
    /// The SDK's default resource, which carries <c>OTEL_RESOURCE_ATTRIBUTES</c>, with <c>service.name</c> set to
    /// <c>OTEL_SERVICE_NAME</c> when given for a process of one module (<paramref name="alone"/>), else
    /// <paramref name="service"/>, and <c>service.namespace</c> from the config.
    /// </summary>
    public static ResourceBuilder Create(TelemetryOptions options, string service, bool alone)
    {
        // Added after the SDK's detectors, so the config's namespace wins over OTEL_RESOURCE_ATTRIBUTES.
        // With several modules one name for all would merge them, so each keeps its own.
        var name = alone && Environment.GetEnvironmentVariable(ServiceNameVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : service;
        return ResourceBuilder.CreateDefault()
            .AddService(name, string.IsNullOrEmpty(options.ServiceNamespace) ? null : options.ServiceNamespace);
    }
}
