namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>The instruments the dashboard listens to, as the state handed to the listener's callbacks.</summary>
internal enum DashboardInstrument
{
    /// <summary><c>atrium.gateway.request.duration</c> (route, status_class).</summary>
    RequestDuration,

    /// <summary><c>atrium.saga.steps</c> (step, outcome).</summary>
    SagaSteps,

    /// <summary><c>atrium.saga.completed</c> (outcome, reason).</summary>
    SagaCompleted,

    /// <summary><c>atrium.saga.running</c>, observable.</summary>
    SagaRunning,

    /// <summary><c>atrium.saga.in_flight</c> (step), observable.</summary>
    SagaInFlight,

    /// <summary><c>atrium.outbox.pending</c> (outbox), observable.</summary>
    OutboxPending,

    /// <summary><c>atrium.eventing.queue_depth</c> (subscription), observable.</summary>
    QueueDepth,

    /// <summary><c>atrium.eventing.dead_lettered</c> (subscription).</summary>
    DeadLettered,

    /// <summary><c>atrium.eventing.parked</c> (subscription).</summary>
    Parked,

    /// <summary><c>atrium.config.reloads</c>: a reload was attempted.</summary>
    ConfigReload,
}
