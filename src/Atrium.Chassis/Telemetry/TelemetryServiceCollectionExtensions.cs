using System.Diagnostics;
using Atrium.Chassis.Telemetry.Propagation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Atrium.Chassis.Telemetry;

/// <summary>
/// Registers telemetry services in a web application's container.
/// </summary>
public static class TelemetryServiceCollectionExtensions
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
}
