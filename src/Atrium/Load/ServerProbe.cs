using System.Diagnostics;
using System.Globalization;

namespace Atrium.Load;

/// <summary>
/// The server's side of the measured window, when <c>--server-pid</c> and <c>--server-metrics</c> name it: CPU of
/// those processes (and of this one) from /proc, seconds its managed threads stood still for garbage collections, and
/// the event delivery and outbox publish histograms, each as the difference between the window's start and end.
/// </summary>
internal sealed class ServerProbe(LoadSettings settings, HttpClient http)
{
    private const string DeliveryLag = "atrium_eventing_delivery_lag_seconds";
    private const string RelayLag = "atrium_outbox_relay_lag_seconds";

    private (TimeSpan Server, TimeSpan Own, double GcPause, PrometheusHistogram Delivery, PrometheusHistogram Relay) _start;

    public ServerUsage? Usage { get; private set; }

    public async Task StartAsync() =>
        _start = (ServerCpu(), Process.GetCurrentProcess().TotalProcessorTime, await GcPauseAsync().ConfigureAwait(false),
            await HistogramAsync(DeliveryLag).ConfigureAwait(false), await HistogramAsync(RelayLag).ConfigureAwait(false));

    public async Task StopAsync()
    {
        var (server, own) = (ServerCpu() - _start.Server, Process.GetCurrentProcess().TotalProcessorTime - _start.Own);
        var gcPause = await GcPauseAsync().ConfigureAwait(false) - _start.GcPause;
        var delivery = (await HistogramAsync(DeliveryLag).ConfigureAwait(false)).Minus(_start.Delivery);
        var relay = (await HistogramAsync(RelayLag).ConfigureAwait(false)).Minus(_start.Relay);
        Usage = new ServerUsage(settings.ServerPids.Count > 0 ? server : null, own, gcPause, delivery, relay);
    }

    // utime + stime of the named processes, from /proc (clock ticks of 10 ms on Linux).
    private TimeSpan ServerCpu()
    {
        var ticks = 0L;
        foreach (var pid in settings.ServerPids)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private async Task<double> GcPauseAsync()
    {
        var total = 0.0;
        foreach (var url in settings.ServerMetrics)
        {
            var line = (await http.GetStringAsync(url).ConfigureAwait(false)).Split('\n')
                .FirstOrDefault(l => l.StartsWith("dotnet_gc_pause_time_seconds_total ", StringComparison.Ordinal));
            total += line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return total;
    }

    private async Task<PrometheusHistogram> HistogramAsync(string metric)
    {
        var histogram = new PrometheusHistogram();
        foreach (var url in settings.ServerMetrics)
        {
            histogram.AddExposition(await http.GetStringAsync(url).ConfigureAwait(false), metric);
        }

        return histogram;
    }
}
