namespace Atrium.Chassis.Data.Eventing;

/// <summary>A handler subscribed to a topic under a subscription name, built when the module starts.</summary>
internal sealed record SubscriptionRegistration(string Topic, string Subscription, Func<IServiceProvider, (EventEnvelopeHandler One, EventBatchHandler Batch)> CreateHandlers);
