namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The orders view, from the ordering and eventing metrics of this process, or, when the ordering module runs
/// elsewhere (<paramref name="InProcess"/> false), summed from the upstream endpoints' <c>/metrics</c>
/// (<paramref name="Sources"/>).
/// </summary>
/// <param name="InProcess">Whether the ordering module runs in this process.</param>
/// <param name="Sources">The endpoints whose <c>/metrics</c> were summed and how each answered; empty in process.</param>
/// <param name="SagasRunning">Sagas being run now.</param>
/// <param name="InFlight">Sagas being run now by the step they are at, in the saga's order of steps.</param>
/// <param name="Steps">Saga branch calls by step and outcome (<c>Succeeded</c>, <c>Refused</c>, <c>Transient</c>).</param>
/// <param name="Retries">Branch calls that ended <c>Transient</c>, each retried later.</param>
/// <param name="Compensations">Compensating calls (<c>Refund</c>, <c>Release</c>).</param>
/// <param name="Confirmed">Sagas that ended confirmed.</param>
/// <param name="Cancellations">Sagas that ended cancelled, by reason.</param>
/// <param name="Outboxes">Unpublished outbox rows per outbox.</param>
/// <param name="Consumers">Dead letters, parked messages and queue depth per subscription.</param>
internal sealed record DashboardOrders(
    bool InProcess,
    IReadOnlyList<DashboardMetricsSource> Sources,
    long? SagasRunning,
    IReadOnlyList<DashboardCount> InFlight,
    IReadOnlyList<DashboardStepCount> Steps,
    long Retries,
    long Compensations,
    long Confirmed,
    IReadOnlyList<DashboardCount> Cancellations,
    IReadOnlyList<DashboardCount> Outboxes,
    IReadOnlyList<DashboardConsumer> Consumers);
