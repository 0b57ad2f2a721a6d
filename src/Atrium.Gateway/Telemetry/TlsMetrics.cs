using System.Diagnostics.Metrics;

namespace Atrium.Gateway.Telemetry;

/// <summary>The listeners' TLS instruments on the <c>Atrium.Gateway</c> meter: certificate files re-read by result.</summary>
internal sealed class TlsMetrics
{
    private readonly Counter<long> _reloads;

    public TlsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _reloads = meter.CreateCounter<long>("atrium.gateway.tls.certificate_reloads", "{reload}",
            "Listener certificate files re-read after a change on disk, by result (success, failure: the last good certificate stays).");
    }

    public void CertificateReloaded(bool success) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("result", success ? "success" : "failure"));
}
