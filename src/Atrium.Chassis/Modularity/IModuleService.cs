namespace Atrium.Chassis.Modularity;

/// <summary>
/// What a module's init function returns: a unit that is started after the module's dependencies start and stopped
/// before they stop.
/// </summary>
public interface IModuleService
{
    /// <summary>Starts the module; returns once it serves (listeners bound, background loops running).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops the module: refuse new work, drain in-flight work until <paramref name="cancellationToken"/> fires, then
    /// release resources.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);
}
