using System.Collections.Concurrent;
using System.Threading.Channels;
using Atrium.Ordering.Domain;
using Atrium.Ordering.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Ordering.Application.Saga;

/// <summary>
/// Runs sagas: a newly placed order's saga at once (<see cref="Enqueue(Order, OrderSaga)"/>), and every saga that is
/// due again, found by the recovery loop, which after a restart is every unfinished one. At most
/// <see cref="OrderingOptions.MaxConcurrentSagas"/> run at a time, and one saga never runs twice at once in this
/// process. On stop, no saga starts and the ones running finish their current call, up to the host's drain timeout;
/// what is cut short resumes from its record at the next start.
/// </summary>
internal sealed partial class SagaScheduler(
    SagaRunner runner,
    IServiceScopeFactory scopes,
    OrderingOptions options,
    OrderingMetrics metrics,
    TimeProvider time,
    ILogger<SagaScheduler> logger) : BackgroundService
{
    private const int RecoveryBatch = 1000;

    private readonly Channel<Guid> _queue = Channel.CreateBounded<Guid>(new BoundedChannelOptions(16_384) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<Guid, byte> _queued = new();
    private readonly ConcurrentDictionary<Guid, byte> _running = new();
    private readonly ConcurrentDictionary<Guid, (Order Order, OrderSaga Saga)> _placed = new();
    private readonly CancellationTokenSource _abort = new();

    /// <summary>
    /// Runs the saga of <paramref name="orderId"/> soon. A full queue refuses it (TryWrite on a Wait-mode channel is
    /// false when full, where DropWrite would claim success and drop it) and it is forgotten here: the recovery loop
    /// finds it again.
    /// </summary>
    public void Enqueue(Guid orderId)
    {
        if (!_running.ContainsKey(orderId) && _queued.TryAdd(orderId, 0) && !_queue.Writer.TryWrite(orderId))
        {
            _queued.TryRemove(orderId, out _);
            _placed.TryRemove(orderId, out _);
        }
    }

    /// <summary>
    /// Runs the saga of an order just placed, starting from the records as they were saved, so its first step does
    /// not read them back from the database.
    /// </summary>
    public void Enqueue(Order order, OrderSaga saga)
    {
        _placed[order.Id] = (order, saga);
        Enqueue(order.Id);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Cancels the calls in flight only when the drain time is up.
        await using var registration = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.MaxConcurrentSagas).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(RecoverAsync(stoppingToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (!stoppingToken.IsCancellationRequested && _queue.Reader.TryRead(out var orderId))
                {
                    _queued.TryRemove(orderId, out _);
                    if (_running.TryAdd(orderId, 0))
                    {
                        await RunOneAsync(orderId).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(Guid orderId)
    {
        metrics.Running(1);
        try
        {
            if (_placed.TryRemove(orderId, out var placed))
            {
                await runner.RunAsync(placed.Order, placed.Saga, _abort.Token).ConfigureAwait(false);
            }
            else
            {
                await runner.RunAsync(orderId, _abort.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The record is unchanged, so the saga is due still: the recovery loop brings it back.
            LogRunFailed(logger, orderId, ex);
        }
        finally
        {
            _running.TryRemove(orderId, out _);
            metrics.Running(-1);
        }
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RecoveryInterval, time);
        try
        {
            do
            {
                try
                {
                    foreach (var orderId in await FindDueAsync(stoppingToken).ConfigureAwait(false))
                    {
                        Enqueue(orderId);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRecoveryFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<List<Guid>> FindDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var now = time.GetUtcNow();
        return await db.Sagas.AsNoTracking()
            .Where(s => s.Step != SagaStep.Done && s.NextAttemptAt <= now)
            .OrderBy(s => s.NextAttemptAt)
            .Select(s => s.OrderId)
            .Take(RecoveryBatch)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = OrderingEventIds.SagaRunFailed, Level = LogLevel.Error, Message = "The saga of order {OrderId} failed unexpectedly; it will be run again")]
    private static partial void LogRunFailed(ILogger logger, Guid orderId, Exception exception);

    [LoggerMessage(EventId = OrderingEventIds.SagaRecoveryFailed, Level = LogLevel.Warning, Message = "Saga recovery could not read the due sagas; trying again")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}
