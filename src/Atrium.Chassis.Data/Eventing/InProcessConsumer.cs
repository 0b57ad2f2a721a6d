using Atrium.Chassis.Errors;
using Atrium.Chassis.Resilience;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// The consumer loop of one in-process subscription: delivers queued messages one at a time, or when several wait and
/// the subscription takes batches, up to <see cref="InProcessTransportOptions.MaxBatchSize"/> at once; retries a
/// failing handler with backoff and parks the message after the last attempt (a database outage is waited out, not
/// counted). A batch that fails is delivered again one message at a time, so only a failing message is retried and
/// parked. A message leaves the queue only once handled or parked, so a stop never loses the messages in flight.
/// </summary>
internal sealed class InProcessConsumer : IEventSubscription
{
    private readonly InProcessQueue _queue;
    private readonly EventEnvelopeHandler _handler;
    private readonly EventBatchHandler? _batchHandler;
    private readonly InProcessEventTransport _transport;
    private readonly InProcessTransportOptions _options;
    private readonly EventingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _wake = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private Task? _stopping;
    private volatile bool _draining;

    public InProcessConsumer(
        InProcessQueue queue,
        EventEnvelopeHandler handler,
        EventBatchHandler? batchHandler,
        InProcessEventTransport transport,
        InProcessTransportOptions options,
        EventingMetrics metrics,
        ILogger logger,
        TimeProvider timeProvider)
    {
        _queue = queue;
        _handler = handler;
        _batchHandler = batchHandler;
        _transport = transport;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public string Topic => _queue.Topic;

    public string Name => _queue.Subscription;

    /// <summary>The consumer loop; completes once stopped.</summary>
    public Task Completion => _loop;

    public void Start()
    {
        _queue.Attach(this);
        _loop = Task.Run(RunAsync);
        EventingLog.SubscriptionStarted(_logger, Name, Topic);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing without a stop first abandons the handler in flight at once.
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _wake.Dispose();
        _hardStop.Dispose();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        await _wake.CancelAsync().ConfigureAwait(false);
        await using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _hardStop).ConfigureAwait(false))
        {
            await _loop.ConfigureAwait(false);
        }

        _queue.Detach(this);
        var left = _queue.Count;
        if (left > 0)
        {
            _metrics.Abandoned(Name, left);
            EventingLog.MessagesAbandoned(_logger, Name, left);
        }

        EventingLog.SubscriptionStopped(_logger, Name, Topic);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<EventEnvelope>();
        var max = _batchHandler is null ? 1 : _options.MaxBatchSize;
        // After a failed batch, its messages go one at a time, so that the failing one is retried and parked alone
        // rather than sinking batch after batch of the messages behind it.
        var singles = 0;
        try
        {
            while (true)
            {
                batch.Clear();
                if (!_queue.TryPeek(batch, singles > 0 ? 1 : max))
                {
                    if (_draining)
                    {
                        return;
                    }

                    try
                    {
                        if (!await reader.WaitToReadAsync(_wake.Token).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException) when (_wake.IsCancellationRequested)
                    {
                        // Draining: take what is queued now, then end.
                    }

                    continue;
                }

                if (batch.Count > 1)
                {
                    if (await DeliverBatchAsync(batch).ConfigureAwait(false))
                    {
                        _queue.Acknowledge(batch.Count);
                        continue;
                    }

                    if (_hardStop.IsCancellationRequested)
                    {
                        return;
                    }

                    singles = batch.Count;
                }

                if (!await DeliverAsync(batch[0]).ConfigureAwait(false))
                {
                    return;
                }

                _queue.Acknowledge(1);
                singles = Math.Max(0, singles - 1);
            }
        }
        catch (Exception ex)
        {
            EventingLog.ConsumerLoopFailed(_logger, Name, ex);
        }
    }

    /// <summary>One attempt at the whole batch: true when handled; false when it failed or was stopped hard (the batch stays queued).</summary>
    private async Task<bool> DeliverBatchAsync(List<EventEnvelope> batch)
    {
        try
        {
            await _batchHandler!(batch, _hardStop.Token).ConfigureAwait(false);
            _metrics.Handled(Name, batch.Count);
            return true;
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            EventingLog.BatchFailed(_logger, Name, batch.Count, ex);
            return false;
        }
    }

    /// <summary>Delivers until handled or parked (true), or until stopped hard mid-way (false: the message stays queued).</summary>
    /// <remarks>
    /// A failure because the subscriber's database cannot be reached is not the message's fault: it is retried at the
    /// backoff's pace until the database is back and never counts towards parking, or a few seconds of a database
    /// restart would park (and so lose, since parked messages live in memory) every message in flight.
    /// </remarks>
    private async Task<bool> DeliverAsync(EventEnvelope envelope)
    {
        var failures = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _handler(envelope, _hardStop.Token).ConfigureAwait(false);
                _metrics.Handled(Name);
                return true;
            }
            catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                _metrics.HandlerFailed(Name);
                failures += DatabaseOutage.Caused(ex) ? 0 : 1;
                if (failures >= _options.MaxDeliveryAttempts)
                {
                    EventingLog.MessageParked(_logger, Name, envelope.Type, envelope.MessageId, attempt, ex);
                    _metrics.Parked(Name);
                    _transport.Park(new ParkedMessage(Topic, Name, envelope, attempt, ex.Message, _timeProvider.GetUtcNow()));
                    return true;
                }

                EventingLog.HandlerFailed(_logger, Name, envelope.Type, envelope.MessageId, attempt, _options.MaxDeliveryAttempts, ex);
            }

            try
            {
                await Task.Delay(Backoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay), _timeProvider, _hardStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
