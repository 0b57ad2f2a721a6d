using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Catalog.Application;

/// <summary>
/// Releases reservations nobody confirmed in time, through the same barrier as a cancel: a confirm or cancel that
/// arrives later finds the reservation released. Runs every <see cref="CatalogOptions.ExpirySweepInterval"/>;
/// counted by <c>atrium.catalog.reservations.expired</c>.
/// </summary>
internal sealed partial class ReservationExpirySweeper(
    IServiceScopeFactory scopes, CatalogOptions options, TimeProvider time, IMeterFactory meters, ILogger<ReservationExpirySweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private readonly Counter<long> _expired = meters.Create("Atrium.Catalog").CreateCounter<long>(
        "atrium.catalog.reservations.expired", "{reservation}", "Reservations released because they were not confirmed in time.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpirySweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var reservations = scope.ServiceProvider.GetRequiredService<ReservationService>();
            foreach (var transactionId in await reservations.FindExpiredAsync(BatchSize, cancellationToken).ConfigureAwait(false))
            {
                await using var perReservation = scopes.CreateAsyncScope();
                await perReservation.ServiceProvider.GetRequiredService<ReservationService>().CancelAsync(transactionId, cancellationToken).ConfigureAwait(false);
                _expired.Add(1);
                LogExpired(logger, transactionId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One failed sweep must not end the loop; the next tick tries again.
            LogSweepFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = CatalogEventIds.ReservationExpired, Level = LogLevel.Information, Message = "Reservation for transaction {TransactionId} expired unconfirmed; stock released")]
    private static partial void LogExpired(ILogger logger, string transactionId);

    [LoggerMessage(EventId = CatalogEventIds.ExpirySweepFailed, Level = LogLevel.Error, Message = "Reservation expiry sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
