namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// An <see cref="IIntegrationEventHandler{TEvent}"/> that may hold back its writes over a batch and send them together:
/// the inbox calls <see cref="BeginBatch"/> before each attempt at a batch (a retried attempt starts afresh) and
/// <see cref="FlushAsync"/> after the attempt's last message, in the same transaction, before the commit. On a server
/// database this makes a batch's writes one round trip instead of one per message; a handler that writes at once
/// leaves <see cref="FlushAsync"/> nothing to do.
/// </summary>
public interface IBatchWriter
{
    /// <summary>Forgets whatever an earlier attempt held back.</summary>
    void BeginBatch();

    /// <summary>Sends what the batch's messages held back; throwing fails the attempt as a handler's throw does.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
