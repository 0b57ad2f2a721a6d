using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Modularity;

/// <summary>
/// Runs resolved modules: init and start in dependency order, stop in reverse. If a module fails to start, the ones
/// already started are stopped before the failure is rethrown, so a failed start leaves nothing listening.
/// </summary>
public sealed partial class ModuleManager : IAsyncDisposable
{
    private readonly IReadOnlyList<ModuleDefinition> _startOrder;
    private readonly ModuleContext _context;
    private readonly ILogger _logger;
    private readonly List<(ModuleDefinition Module, IModuleService Service)> _started = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a manager for modules already in start order (see <see cref="ModuleRegistry.Resolve"/>).</summary>
    public ModuleManager(IReadOnlyList<ModuleDefinition> startOrder, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _startOrder = startOrder;
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<ModuleManager>();
    }

    /// <summary>Names of the modules running now, in start order.</summary>
    public IReadOnlyList<string> Running => _started.Select(s => s.Module.Name).ToList();

    /// <summary>Inits and starts every module in order.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var module in _startOrder)
            {
                if (module.Init is null)
                {
                    continue;
                }

                try
                {
                    var service = module.Init(_context);
                    if (service is null)
                    {
                        continue;
                    }

                    LogStarting(_logger, module.Name);
                    await service.StartAsync(cancellationToken).ConfigureAwait(false);
                    _started.Add((module, service));
                    LogStarted(_logger, module.Name);
                }
                catch (Exception ex)
                {
                    LogStartFailed(_logger, module.Name, ex);
                    await StopStartedAsync().ConfigureAwait(false);
                    throw new ModuleStartException(module.Name, ex);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops every started module in reverse start order. Each module gets the full
    /// <see cref="ModuleContext.ShutdownTimeout"/> to drain. Safe to call more than once.
    /// </summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopStartedAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops whatever still runs and releases the manager.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task StopStartedAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            var (module, service) = _started[i];
            LogStopping(_logger, module.Name);
            using var drain = new CancellationTokenSource(_context.ShutdownTimeout, _context.TimeProvider);
            try
            {
                await service.StopAsync(drain.Token).ConfigureAwait(false);
                LogStopped(_logger, module.Name);
            }
            catch (Exception ex)
            {
                // One module failing to stop must not keep the others running.
                LogStopFailed(_logger, module.Name, ex);
            }

            _started.RemoveAt(i);
        }
    }

    [LoggerMessage(EventId = ModularityEventIds.Starting, Level = LogLevel.Debug, Message = "Starting module {Module}")]
    private static partial void LogStarting(ILogger logger, string module);

    [LoggerMessage(EventId = ModularityEventIds.Started, Level = LogLevel.Information, Message = "Module {Module} started")]
    private static partial void LogStarted(ILogger logger, string module);

    [LoggerMessage(EventId = ModularityEventIds.StartFailed, Level = LogLevel.Critical, Message = "Module {Module} failed to start")]
    private static partial void LogStartFailed(ILogger logger, string module, Exception exception);

    [LoggerMessage(EventId = ModularityEventIds.Stopping, Level = LogLevel.Information, Message = "Stopping module {Module}")]
    private static partial void LogStopping(ILogger logger, string module);

    [LoggerMessage(EventId = ModularityEventIds.Stopped, Level = LogLevel.Information, Message = "Module {Module} stopped")]
    private static partial void LogStopped(ILogger logger, string module);

    [LoggerMessage(EventId = ModularityEventIds.StopFailed, Level = LogLevel.Error, Message = "Module {Module} failed to stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, string module, Exception exception);
}
