namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A subscription's messages moved to the dead-letter queue, parked, and waiting in its in-process queue.</summary>
internal sealed record DashboardConsumer(string Subscription, long DeadLettered, long Parked, long? QueueDepth);
