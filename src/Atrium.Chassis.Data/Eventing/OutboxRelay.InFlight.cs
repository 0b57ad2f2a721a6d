using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The rows published through a transport that tracks delivery and not yet acknowledged (by every subscription in one
/// process, by the broker's confirm across processes): marked once they are, failed when refused or past their
/// deadline, handed back at a stop.
/// </summary>
internal sealed partial class OutboxRelay<TContext>
{
    /// <summary>Why a transport refused or lost a message it had taken: the fault of its acknowledgement.</summary>
    private static Exception Refusal(Task acknowledged) =>
        acknowledged.Exception is { } fault
            ? fault.InnerExceptions.Count == 1 ? fault.InnerExceptions[0] : fault
            : new OperationCanceledException("The transport gave up on the message before it was safe.");

    /// <summary>At a stop: marks what was acknowledged and hands the rest back now rather than let the claims expire.</summary>
    private async Task ReleaseInFlightAsync()
    {
        if (_inFlight.Count == 0)
        {
            return;
        }

        try
        {
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var outbox = scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>();
                await SettleInFlightAsync(outbox, releaseRest: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Stopping: the claims expire on their own after ClaimTimeout.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EventingLog.RelayLoopFailed(_logger, _name, _options.ClaimTimeout, ex);
        }
    }

    /// <summary>
    /// Marks the in-flight rows acknowledged since the last round published; those past their deadline fail like a
    /// publish (published again after a backoff, the inbox skipping a second copy), so a stuck subscription never
    /// holds a row for good; with <paramref name="releaseRest"/>, hands every other one back at once.
    /// </summary>
    private async Task SettleInFlightAsync(DbSet<OutboxMessage> outbox, bool releaseRest, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var acknowledged = new List<Guid>();
        var late = new List<OutboxInFlightRow>();
        var refused = new List<OutboxInFlightRow>();
        _inFlight.RemoveAll(flight =>
        {
            if (flight.Acknowledged.IsCompletedSuccessfully)
            {
                Published(flight.Row, acknowledged);
                return true;
            }

            if (flight.Acknowledged.IsCompleted)
            {
                refused.Add(flight);
                return true;
            }

            if (releaseRest || now >= flight.Deadline)
            {
                late.Add(flight);
                return true;
            }

            return false;
        });
        if (acknowledged.Count > 0)
        {
            // Not cancellable: what was acknowledged must be marked.
            await outbox.Where(m => acknowledged.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, now).SetProperty(m => m.ClaimToken, (Guid?)null), CancellationToken.None)
                .ConfigureAwait(false);
        }

        foreach (var flight in refused)
        {
            await RecordFailureAsync(outbox, flight.Row, flight.Token, Refusal(flight.Acknowledged), cancellationToken).ConfigureAwait(false);
        }

        foreach (var flight in late)
        {
            if (releaseRest)
            {
                await outbox.Where(m => m.Id == flight.Row.Id && m.ClaimToken == flight.Token)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.NextAttemptAt, now), cancellationToken)
                    .ConfigureAwait(false);
                continue;
            }

            var error = new TimeoutException($"Not acknowledged (by every subscription, or by the broker) within {_options.PublishTimeout.TotalSeconds} s.");
            await RecordFailureAsync(outbox, flight.Row, flight.Token, error, cancellationToken).ConfigureAwait(false);
        }
    }
}
