namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// An <see cref="IIntegrationEventHandler{TEvent}"/> that acts once its effect is committed, such as waking readers
/// of what it changed: the inbox calls <see cref="OnCommitted"/> after the transaction that applied the event (or a
/// batch of them, handled by one instance) commits, and never for a duplicate or a failed attempt.
/// </summary>
public interface ICommitObserver
{
    /// <summary>Called once, after the commit; must not throw.</summary>
    void OnCommitted();
}
