namespace Atrium.Load;

/// <summary>The figures <see cref="ServerProbe"/> reads from every /metrics URL at one moment, summed.</summary>
internal sealed record MetricsScrape(double GcPauseSeconds, PrometheusHistogram Delivery, PrometheusHistogram Relay)
{
    public MetricsScrape Minus(MetricsScrape start) =>
        new(GcPauseSeconds - start.GcPauseSeconds, Delivery.Minus(start.Delivery), Relay.Minus(start.Relay));
}
