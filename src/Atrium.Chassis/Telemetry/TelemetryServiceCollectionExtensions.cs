using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Chassis.Telemetry.Propagation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Registers telemetry services in a web application's container.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the W3C-plus-B3 propagator as the container's <see cref="DistributedContextPropagator"/>,
    /// replacing any other registration.
    /// </summary>
    /// <remarks>
    /// ASP.NET Core reads the propagator from the container, and the web host registers whatever
    /// <see cref="DistributedContextPropagator.Current"/> was when the builder was created; this makes the
    /// result independent of that ordering.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAtriumPropagation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<DistributedContextPropagator>();
        services.AddSingleton<DistributedContextPropagator>(AtriumPropagator.Instance);
        return services;
    }

    /// <summary>
    /// Replaces the container's <see cref="IMeterFactory"/> with one shared by all web applications in the
    /// process, so that ASP.NET Core's meters survive when one of several applications is stopped.
    /// </summary>
    /// <remarks>
    /// Without it each application owns its meters, and OpenTelemetry 1.20.1 drops the merged stream of a
    /// meter name (for example <c>http.server.request.duration</c>) for every application once any one of
    /// those meters is disposed.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="module">The module the container belongs to: its meters are tagged with it, so their series are
    /// served on that module's <c>/metrics</c> only; <see langword="null"/> for none.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAtriumMetrics(this IServiceCollection services, string? module = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IMeterFactory>();
        services.AddSingleton<IMeterFactory>(SharedMeterFactory.For(module));
        return services;
    }
}
