namespace Atrium.Chassis.Telemetry.Prometheus;

/// <summary>
/// One time series of a family: its labels and its value, or its histogram state.
/// </summary>
internal sealed class PrometheusSeries(IReadOnlyList<KeyValuePair<string, string>> labels)
{
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    public double Value { get; set; }

    /// <summary>Gets or sets the finite upper bounds; the <c>+Inf</c> bucket is implied.</summary>
    public double[] Bounds { get; set; } = [];

    /// <summary>Gets or sets the per-bucket (not cumulative) counts, one more than <see cref="Bounds"/>.</summary>
    public long[] BucketCounts { get; set; } = [];

    public double Sum { get; set; }

    public long Count { get; set; }
}
