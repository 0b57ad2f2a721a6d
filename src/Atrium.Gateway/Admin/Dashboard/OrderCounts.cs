namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The series the orders view is made of, by label: this process's meters (<see cref="DashboardMetrics"/>) or the sum
/// of the services' <c>/metrics</c> (<see cref="RemoteOrderMetrics"/>).
/// </summary>
internal sealed class OrderCounts
{
    private long _sagasRunning = -1;

    /// <summary>Saga branch calls by step and outcome (labels joined by <see cref="LabelledCounts.Separator"/>).</summary>
    public LabelledCounts SagaSteps { get; } = new();

    /// <summary>Finished sagas by outcome and reason.</summary>
    public LabelledCounts SagasCompleted { get; } = new();

    /// <summary>Sagas being run now by the step they are at.</summary>
    public LabelledCounts SagasInFlight { get; } = new();

    public LabelledCounts OutboxPending { get; } = new();

    public LabelledCounts QueueDepth { get; } = new();

    public LabelledCounts DeadLettered { get; } = new();

    public LabelledCounts Parked { get; } = new();

    /// <summary>Sagas being run now; null when none reported.</summary>
    public long? SagasRunning => Interlocked.Read(ref _sagasRunning) is >= 0 and var running ? running : null;

    public void SetSagasRunning(long value) => Interlocked.Exchange(ref _sagasRunning, value);

    /// <summary>Adds another process's sagas running to the sum (a gauge summed over endpoints).</summary>
    public void AddSagasRunning(long value) => SetSagasRunning((SagasRunning ?? 0) + value);
}
