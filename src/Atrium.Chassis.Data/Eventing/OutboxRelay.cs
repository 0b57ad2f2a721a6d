using Atrium.Chassis.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Publishes the outbox of <typeparamref name="TContext"/>: claims due rows in batches (oldest first), publishes each,
/// marks it published; a failed row gets a backoff and is retried forever. Through a transport that tells only later
/// whether a message is safe (<see cref="IDeliveryTrackingTransport"/>: the in-process one once every subscription has
/// acknowledged it, so a kill -9 loses no event; the broker once it confirmed it), a row stays claimed and in flight
/// until then while the relay goes on with the next rows, and is marked in a later round. Wakes on a commit's nudge or
/// every <see cref="OutboxOptions.PollInterval"/>.
/// </summary>
/// <remarks>
/// Several relays may share one database: a row is claimed by an UPDATE that only one relay's WHERE still matches
/// (it moves <see cref="OutboxMessage.NextAttemptAt"/> past now and stamps a claim token), so each row is published
/// by one relay at a time. On SQLite the claim follows a read of the candidates; on PostgreSQL it is one statement
/// that skips rows another relay is claiming and returns the rows it took (<see cref="PostgresOutboxClaim"/>). A relay that dies mid-batch leaves its claims to expire after
/// <see cref="OutboxOptions.ClaimTimeout"/>; one that stops releases them at once.
/// </remarks>
internal sealed partial class OutboxRelay<TContext> : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxErrorBackoff = TimeSpan.FromSeconds(30);

    // How often the backlog gauge is counted afresh: a COUNT on every round was one statement in five the relay ran
    // under load, for a gauge scraped every few seconds. Between counts the gauge keeps the last count: adjusting it by
    // what this relay publishes, without the rows written since, drove it below zero under load.
    private static readonly TimeSpan PendingCountInterval = TimeSpan.FromSeconds(1);

    // How many batches may wait for a broker's confirms: enough that one batch's wait does not hold up the rows
    // committed behind it, bounded so that a broker slow to confirm a large backlog slows the relay down instead of it
    // holding the whole backlog in memory. The in-process transport needs no such bound: a publish into it waits while
    // a subscription's bounded queue is full.
    private const int MaxBatchesInFlight = 4;

    private readonly IServiceScopeFactory _scopes;
    private readonly IEventTransport _transport;
    private readonly IDeliveryTrackingTransport? _tracking;
    private readonly IBrokerStatus? _broker;
    private readonly OutboxSignal<TContext> _signal;
    private readonly OutboxOptions _options;
    private readonly EventingMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _name = typeof(TContext).Name;
    private readonly int _maxInFlight;

    // Published through a tracking transport and not acknowledged yet. Only the relay's loop touches it: the loop goes
    // on claiming while consumers commit, and each round marks what they acknowledged since.
    private readonly List<OutboxInFlightRow> _inFlight = [];
    private long _pending;

    // Built from the model on the first round on PostgreSQL: the same for every context of the relay.
    private PostgresOutboxClaim? _postgresClaim;
    private DateTimeOffset _nextCleanup;
    private DateTimeOffset _nextPendingCount;

    public OutboxRelay(
        IServiceScopeFactory scopes,
        IEventTransport transport,
        OutboxSignal<TContext> signal,
        OutboxOptions options,
        EventingMetrics metrics,
        TimeProvider timeProvider,
        ILogger<OutboxRelay<TContext>> logger)
    {
        _scopes = scopes;
        _transport = transport;
        _tracking = transport as IDeliveryTrackingTransport;
        _broker = transport as IBrokerStatus;
        _maxInFlight = _broker is null ? int.MaxValue : MaxBatchesInFlight * options.BatchSize;
        _signal = signal;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EventingLog.RelayStarted(_logger, _name);
        using var tracking = _metrics.TrackPending(_name, () => Interlocked.Read(ref _pending));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                var more = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                if (more)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is unreachable or locked: keep the loop alive and back off, never take the host down.
                failures++;
                var cap = _options.PollInterval > MaxErrorBackoff ? _options.PollInterval : MaxErrorBackoff;
                wait = Backoff.Delay(failures, _options.PollInterval, cap);
                _metrics.RelayError(_name);
                EventingLog.RelayLoopFailed(_logger, _name, wait, ex);
            }

            try
            {
                await _signal.WaitAsync(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await ReleaseInFlightAsync().ConfigureAwait(false);
        EventingLog.RelayStopped(_logger, _name);
    }

    /// <summary>One poll: claims and publishes up to a batch; true when a full batch suggests more is due.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var outbox = db.Set<OutboxMessage>();
            if (_inFlight.Count > 0)
            {
                await SettleInFlightAsync(outbox, releaseRest: false, cancellationToken).ConfigureAwait(false);
            }

            var now = _timeProvider.GetUtcNow();
            await CleanupIfDueAsync(outbox, now, cancellationToken).ConfigureAwait(false);

            if (now >= _nextPendingCount)
            {
                _nextPendingCount = now + PendingCountInterval;
                var pending = await outbox.LongCountAsync(m => m.PublishedAt == null, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _pending, pending);
                if (pending == 0)
                {
                    return false;
                }
            }

            // While the broker is unreachable every publish would fail: the rows wait, without counting failed attempts
            // or backing off, and go once it is back (the transport logs the outage and readiness reports it). With
            // enough in flight, the next round comes when a batch is acknowledged (it nudges the relay).
            if (_broker is { IsConnected: false } || _inFlight.Count >= _maxInFlight)
            {
                return false;
            }

            var token = Guid.NewGuid();
            var lease = now + _options.ClaimTimeout;
            if (db.Database.IsNpgsql())
            {
                _postgresClaim ??= PostgresOutboxClaim.For(db);
                var rows = await _postgresClaim.ClaimAsync(outbox, token, now, lease, _options.BatchSize).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    return false;
                }

                await PublishClaimedAsync(outbox, token, rows, cancellationToken).ConfigureAwait(false);
                return rows.Count == _options.BatchSize;
            }

            // The due rows whole, not just their ids: when the claim below takes every one of them, as it does unless
            // another relay shares the database, they are published from this read without a second one.
            var candidates = await outbox.AsNoTracking()
                .Where(m => m.PublishedAt == null && m.NextAttemptAt <= now)
                .OrderBy(m => m.OccurredAt)
                .Take(_options.BatchSize)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return false;
            }

            var ids = candidates.Select(m => m.Id).ToList();
            // Not cancellable, so a stop never leaves it unknown whether the claim holds: the finally below releases it.
            var claimed = await outbox
                .Where(m => ids.Contains(m.Id) && m.PublishedAt == null && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.NextAttemptAt, lease), CancellationToken.None)
                .ConfigureAwait(false);
            if (claimed == 0)
            {
                // Another relay claimed them first; look again at once.
                return true;
            }

            await PublishClaimedAsync(outbox, token, claimed == candidates.Count ? candidates : null, cancellationToken).ConfigureAwait(false);
            return candidates.Count == _options.BatchSize;
        }
    }

    /// <summary>
    /// Publishes the rows claimed with <paramref name="token"/>: <paramref name="claimedRows"/> when the claim took
    /// every candidate read, else those the claim took, read again. Through a transport that tracks delivery, a row
    /// counts as published once every subscription has acknowledged it: it stays claimed and in flight until then.
    /// </summary>
    private async Task PublishClaimedAsync(DbSet<OutboxMessage> outbox, Guid token, List<OutboxMessage>? claimedRows, CancellationToken cancellationToken)
    {
        var published = new List<Guid>();
        var unacknowledged = new List<Task>();
        var completed = false;
        try
        {
            var rows = claimedRows ?? await outbox.AsNoTracking()
                .Where(m => m.ClaimToken == token && m.PublishedAt == null)
                .OrderBy(m => m.OccurredAt)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (_tracking is null)
            {
                await PublishConcurrentlyAsync(outbox, rows, token, published, cancellationToken).ConfigureAwait(false);
                completed = true;
                return;
            }

            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (acknowledged, failure) = await PublishOnceAsync(row, cancellationToken).ConfigureAwait(false);
                if (acknowledged is null)
                {
                    await SaveFailureAsync(outbox, row, token, failure!, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (acknowledged.IsCompletedSuccessfully)
                {
                    Published(row, published);
                }
                else if (acknowledged.IsCompleted)
                {
                    await RecordFailureAsync(outbox, row, token, Refusal(acknowledged), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    unacknowledged.Add(acknowledged);
                    _inFlight.Add(new OutboxInFlightRow(row, token, acknowledged, _timeProvider.GetUtcNow() + _options.PublishTimeout));
                }
            }

            if (unacknowledged.Count > 0)
            {
                // One wake-up per batch once its consumers have committed it, so that the next round marks it.
                _ = Task.WhenAll(unacknowledged).ContinueWith(
                    static (_, signal) => ((OutboxSignal<TContext>)signal!).Nudge(),
                    _signal,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            completed = true;
        }
        finally
        {
            // Not cancellable: what was published must be marked. Both are one short statement.
            if (published.Count > 0)
            {
                var at = _timeProvider.GetUtcNow();
                await outbox.Where(m => published.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, at).SetProperty(m => m.ClaimToken, (Guid?)null), CancellationToken.None)
                    .ConfigureAwait(false);
            }

            // Stopped or failed mid-batch: hand the rest back now rather than let the claim expire.
            if (!completed)
            {
                var at = _timeProvider.GetUtcNow();
                await outbox.Where(m => m.ClaimToken == token && m.PublishedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.NextAttemptAt, at), CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Publishes the rows through a transport that confirms each publish (a broker's publisher confirm): all of them
    /// at once, in order, then waits for each confirm, since one at a time each would wait a broker round trip and a
    /// disk flush. A row is marked only once its own publish returned; a failed one gets its next attempt.
    /// </summary>
    private async Task PublishConcurrentlyAsync(
        DbSet<OutboxMessage> outbox, List<OutboxMessage> rows, Guid token, List<Guid> published, CancellationToken cancellationToken)
    {
        var attempts = new List<(OutboxMessage Row, Task<(Task? Acknowledged, OutboxFailure? Failure)> Attempt)>(rows.Count);
        foreach (var row in rows)
        {
            attempts.Add((row, PublishOnceAsync(row, cancellationToken)));
        }

        foreach (var (row, attempt) in attempts)
        {
            // The context is not thread-safe: failures are saved one after another, once their publish is over.
            var (_, failure) = await attempt.ConfigureAwait(false);
            if (failure is null)
            {
                Published(row, published);
            }
            else
            {
                await SaveFailureAsync(outbox, row, token, failure, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Published(OutboxMessage row, List<Guid> published)
    {
        published.Add(row.Id);
        _metrics.Published(_name, _timeProvider.GetUtcNow() - row.OccurredAt);
    }

    /// <summary>
    /// Publishes one row in its producer span: the task that completes once the subscriptions acknowledged it (already
    /// complete unless the transport tracks delivery), or the failure, logged in the span, for the caller to save.
    /// </summary>
    private async Task<(Task? Acknowledged, OutboxFailure? Failure)> PublishOnceAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        using var activity = EventingTelemetry.StartPublish(row.Type, row.Id, row.Traceparent);
        var envelope = new EventEnvelope(row.Id, row.Type, row.OccurredAt, row.Payload, activity?.Id ?? row.Traceparent);
        try
        {
            using var timeout = new CancellationTokenSource(_options.PublishTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            if (_tracking is not null)
            {
                return (await _tracking.PublishTrackedAsync(row.Type, envelope, linked.Token).ConfigureAwait(false), null);
            }

            await _transport.PublishAsync(row.Type, envelope, linked.Token).ConfigureAwait(false);
            return (Task.CompletedTask, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (null, Fail(row, ex, activity));
        }
    }

    private async Task CleanupIfDueAsync(DbSet<OutboxMessage> outbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now + _options.CleanupInterval;
        var cutoff = now - _options.PublishedRetention;
        var deleted = await outbox.Where(m => m.PublishedAt != null && m.PublishedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        if (deleted > 0)
        {
            EventingLog.PublishedRowsDeleted(_logger, deleted, cutoff, _name);
        }
    }
}
