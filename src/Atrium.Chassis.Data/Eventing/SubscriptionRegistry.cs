namespace Atrium.Chassis.Data.Eventing;

/// <summary>The subscriptions whose inbox lives in <typeparamref name="TContext"/>.</summary>
internal sealed class SubscriptionRegistry<TContext>
{
    private readonly List<SubscriptionRegistration> _items = [];

    public IReadOnlyList<SubscriptionRegistration> Items => _items;

    public void Add(SubscriptionRegistration registration)
    {
        if (_items.Any(r => r.Subscription == registration.Subscription))
        {
            throw new InvalidOperationException($"Subscription '{registration.Subscription}' is already registered; each subscription names one handler.");
        }

        _items.Add(registration);
    }
}
