using Microsoft.Extensions.Hosting;

namespace Atrium.Chassis.Hosting;

/// <summary>
/// Replaces the console lifetime in module hosts: the process, not each module, owns SIGTERM and Ctrl-C, so that
/// modules stop in reverse dependency order instead of all at once.
/// </summary>
internal sealed class ModuleHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
