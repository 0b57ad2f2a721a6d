using Atrium.Chassis.Errors;
using Atrium.Chassis.Resilience;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>The delivery loop: batches, tries with backoff, acknowledgements and dead letters.</summary>
internal sealed partial class RabbitMqConsumer
{
    /// <summary>
    /// Consumes until stopped. An unexpected failure ends the session: the messages this consumer holds go back to the
    /// broker only with their channel, and the next session attaches it again while the loop goes on.
    /// </summary>
    private async Task RunAsync()
    {
        while (!Stopped)
        {
            try
            {
                await ConsumeAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                EventingLog.ConsumerLoopFailed(_logger, Name, ex);
                RabbitMqSession? session;
                lock (_gate)
                {
                    session = _session;
                }

                session?.End($"the consumer loop of subscription {Name} failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>Takes what arrives, batch by batch, until stopped.</summary>
    private async Task ConsumeAsync()
    {
        var reader = _deliveries.Reader;
        var batch = new List<RabbitMqDelivery>();
        var max = _batchHandler is null ? 1 : _options.Prefetch;
        while (true)
        {
            RabbitMqDelivery first;
            try
            {
                first = await reader.ReadAsync(_wake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Stopped)
            {
                // What arrived and is not taken yet goes back to the broker with the channel.
                return;
            }

            // Messages of a channel that is gone are the broker's again: it delivers them on the new one.
            if (!first.Channel.IsOpen)
            {
                continue;
            }

            batch.Clear();
            batch.Add(first);
            while (batch.Count < max && Batchable(first) && reader.TryPeek(out var next)
                && next.Channel == first.Channel && Batchable(next) && reader.TryRead(out next))
            {
                batch.Add(next);
            }

            if (batch.Count > 1)
            {
                if (await DeliverBatchAsync(batch).ConfigureAwait(false))
                {
                    // Handled one after another on one channel: acknowledging the last acknowledges them all.
                    await AcknowledgeAsync(batch[^1], multiple: true).ConfigureAwait(false);
                    continue;
                }

                if (_hardStop.IsCancellationRequested)
                {
                    return;
                }
            }

            // After a failed batch its messages go one at a time, so that only a failing one is tried again.
            foreach (var delivery in batch)
            {
                if (!await DeliverAsync(delivery).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    // A message delivered before without an outcome goes alone: it may be the one that crashed the process.
    private static bool Batchable(RabbitMqDelivery delivery) => delivery.Envelope is not null && delivery.EarlierDeliveries == 0;

    /// <summary>One try of the whole batch: true when handled; false when it failed or was stopped hard.</summary>
    private async Task<bool> DeliverBatchAsync(List<RabbitMqDelivery> batch)
    {
        try
        {
            await _batchHandler!(batch.ConvertAll(d => d.Envelope!), _hardStop.Token).ConfigureAwait(false);
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

    /// <summary>
    /// Tries until handled, dead-lettered, or the channel is gone (true), or until stopped hard mid-way (false: the
    /// message stays unacknowledged and the broker delivers it again).
    /// </summary>
    /// <remarks>
    /// A failure because the subscriber's database cannot be reached is not the message's fault: it is tried again at
    /// the backoff's pace and does not count towards <see cref="RabbitMqOptions.MaxDeliveries"/>, or a database restart
    /// longer than the tries' backoffs would dead-letter every message in flight.
    /// </remarks>
    private async Task<bool> DeliverAsync(RabbitMqDelivery delivery)
    {
        if (delivery.Envelope is not { } envelope)
        {
            await DeadLetterAsync(delivery, 0, delivery.Malformed!, null).ConfigureAwait(false);
            return true;
        }

        // Tries of earlier deliveries count: a poison message that kills its consumer (a crash, a lost channel, a
        // timeout) still reaches the dead-letter queue instead of being handed round forever.
        if (delivery.EarlierDeliveries >= _options.MaxDeliveries)
        {
            var error = $"delivered {delivery.EarlierDeliveries} times before without an outcome (the consumer crashed or lost its channel)";
            await DeadLetterAsync(delivery, delivery.EarlierDeliveries, error, null).ConfigureAwait(false);
            return true;
        }

        var failures = delivery.EarlierDeliveries;
        for (var attempt = delivery.EarlierDeliveries + 1; ; attempt++)
        {
            try
            {
                await _handler(envelope, _hardStop.Token).ConfigureAwait(false);
                _metrics.Handled(Name);
                await AcknowledgeAsync(delivery, multiple: false).ConfigureAwait(false);
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
                if (failures >= _options.MaxDeliveries)
                {
                    await DeadLetterAsync(delivery, attempt, $"{ex.GetType().Name}: {ex.Message}", ex).ConfigureAwait(false);
                    return true;
                }

                EventingLog.HandlerFailed(_logger, Name, envelope.Type, envelope.MessageId, attempt, _options.MaxDeliveries, ex);
            }

            try
            {
                await Task.Delay(Backoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay), _timeProvider, _hardStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            if (!delivery.Channel.IsOpen)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Moves the message to the dead-letter queue, confirmed, then acknowledges it; when the move fails it is handed
    /// back to the broker instead (tried again later), never acknowledged unmoved.
    /// </summary>
    private async Task DeadLetterAsync(RabbitMqDelivery delivery, int attempts, string error, Exception? exception)
    {
        var queue = RabbitMqTopology.DeadLetterQueue(Name);
        var properties = RabbitMqMessage.DeadLetter(delivery.Properties, Topic, Name, attempts, error, _timeProvider.GetUtcNow());
        try
        {
            await _transport.PublishToQueueAsync(queue, properties, delivery.Body, _hardStop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_hardStop.IsCancellationRequested)
        {
            RabbitMqLog.DeadLetterFailed(_logger, Name, delivery.Properties.MessageId, queue, ex);
            await RejectAsync(delivery).ConfigureAwait(false);
            return;
        }

        _metrics.DeadLettered(Name);
        if (delivery.Envelope is { } envelope)
        {
            RabbitMqLog.MessageDeadLettered(_logger, Name, envelope.Type, envelope.MessageId, attempts, queue, exception);
        }
        else
        {
            RabbitMqLog.MalformedDeadLettered(_logger, Name, delivery.Properties.MessageId, error, queue);
        }

        await AcknowledgeAsync(delivery, multiple: false).ConfigureAwait(false);
    }

    private async Task AcknowledgeAsync(RabbitMqDelivery delivery, bool multiple)
    {
        try
        {
            await delivery.Channel.BasicAckAsync(delivery.Tag, multiple).ConfigureAwait(false);
        }
        catch (Exception ex) when (!delivery.Channel.IsOpen)
        {
            // The channel went after the commit: the broker delivers the message again and the inbox skips it.
            RabbitMqLog.AcknowledgeFailed(_logger, Name, delivery.Properties.MessageId, ex);
        }
    }

    private async Task RejectAsync(RabbitMqDelivery delivery)
    {
        try
        {
            await delivery.Channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true).ConfigureAwait(false);
        }
        catch (Exception ex) when (!delivery.Channel.IsOpen)
        {
            RabbitMqLog.AcknowledgeFailed(_logger, Name, delivery.Properties.MessageId, ex);
        }
    }
}
