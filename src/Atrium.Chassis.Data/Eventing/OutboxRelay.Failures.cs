using System.Diagnostics;
using Atrium.Chassis.Resilience;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>A row whose publish failed: its next attempt after a backoff, counted, logged, traced and saved.</summary>
internal sealed partial class OutboxRelay<TContext>
{
    /// <summary>Gives the row its next attempt after a backoff and releases its claim.</summary>
    private Task RecordFailureAsync(DbSet<OutboxMessage> outbox, OutboxMessage row, Guid token, Exception ex, CancellationToken cancellationToken) =>
        SaveFailureAsync(outbox, row, token, Fail(row, ex, null), cancellationToken);

    /// <summary>Decides the row's next attempt after a failure, and counts, logs and traces the failure.</summary>
    private OutboxFailure Fail(OutboxMessage row, Exception ex, Activity? activity)
    {
        var attempt = row.Attempts + 1;
        var next = _timeProvider.GetUtcNow() + Backoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay);
        var error = $"{ex.GetType().Name}: {ex.Message}";
        if (error.Length > OutboxRelayLimits.LastErrorLength)
        {
            error = error[..OutboxRelayLimits.LastErrorLength];
        }

        activity?.SetStatus(ActivityStatusCode.Error, error);
        _metrics.PublishFailed(_name);
        EventingLog.PublishFailed(_logger, row.Type, row.Id, _name, attempt, next, ex);
        return new OutboxFailure(next, error);
    }

    /// <summary>Saves the row's next attempt and last error, and releases its claim.</summary>
    private static async Task SaveFailureAsync(DbSet<OutboxMessage> outbox, OutboxMessage row, Guid token, OutboxFailure failure, CancellationToken cancellationToken)
    {
        await outbox.Where(m => m.Id == row.Id && m.ClaimToken == token)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, failure.Error)
                    .SetProperty(m => m.NextAttemptAt, failure.NextAttemptAt)
                    .SetProperty(m => m.ClaimToken, (Guid?)null),
                cancellationToken)
            .ConfigureAwait(false);
    }
}
