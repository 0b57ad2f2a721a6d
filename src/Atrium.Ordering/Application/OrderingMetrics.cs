using System.Diagnostics.Metrics;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Application;

/// <summary>The "Atrium.Ordering" meter, one per process: saga steps, outcomes and durations, sagas in flight (in all and by step), and placements.</summary>
internal sealed class OrderingMetrics
{
    public const string MeterName = "Atrium.Ordering";

    private static readonly string[] StepNames = [.. Enum.GetValues<SagaStep>().Select(s => s.ToString())];

    private readonly Counter<long> _steps;
    private readonly Counter<long> _completed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _placed;
    private readonly long[] _atStep = new long[Enum.GetValues<SagaStep>().Length];
    private long _running;

    public OrderingMetrics()
    {
        // Never disposed: the meter lives as long as the process (modules of one process share it).
        var meter = Meter = new Meter(MeterName);
        _steps = meter.CreateCounter<long>("atrium.saga.steps", "{call}", "Saga branch calls, by step and outcome.");
        _completed = meter.CreateCounter<long>("atrium.saga.completed", "{saga}", "Sagas finished, by outcome (confirmed, cancelled) and reason.");
        _duration = meter.CreateHistogram<double>("atrium.saga.duration", "s", "Time from placing an order to its Confirmed or Cancelled state.");
        _placed = meter.CreateCounter<long>("atrium.orders.placed", "{order}", "Orders accepted, by whether the answer was a replay of an idempotency key.");
        meter.CreateObservableGauge("atrium.saga.running", () => Interlocked.Read(ref _running), "{saga}", "Sagas being run by this process now.");
        meter.CreateObservableGauge("atrium.saga.in_flight", ObserveInFlight, "{saga}", "Sagas being run by this process now, by the step they are at.");
    }

    /// <summary>The meter; a listener tells this instance's instruments from those of another with the same name by it.</summary>
    public Meter Meter { get; }

    public void Step(string step, string outcome) =>
        _steps.Add(1, new KeyValuePair<string, object?>("step", step), new KeyValuePair<string, object?>("outcome", outcome));

    public void Completed(bool confirmed, string? reason, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", confirmed ? "confirmed" : "cancelled");
        _completed.Add(1, outcome, new KeyValuePair<string, object?>("reason", reason ?? ""));
        _duration.Record(duration.TotalSeconds, outcome);
    }

    public void Placed(bool replay) => _placed.Add(1, new KeyValuePair<string, object?>("replay", replay));

    public void Running(int delta) => Interlocked.Add(ref _running, delta);

    /// <summary>A saga run enters (<paramref name="delta"/> 1) or leaves (-1) <paramref name="step"/>.</summary>
    public void AtStep(SagaStep step, int delta) => Interlocked.Add(ref _atStep[(int)step], delta);

    // Every step but Done, zeros included, so that a series falls back to 0 instead of vanishing.
    private IEnumerable<Measurement<long>> ObserveInFlight()
    {
        foreach (var step in Enum.GetValues<SagaStep>())
        {
            if (step != SagaStep.Done)
            {
                yield return new Measurement<long>(Interlocked.Read(ref _atStep[(int)step]), new KeyValuePair<string, object?>("step", StepNames[(int)step]));
            }
        }
    }
}
