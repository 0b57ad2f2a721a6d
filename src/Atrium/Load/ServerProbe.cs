using System.Diagnostics;
using System.Globalization;

namespace Atrium.Load;

/// <summary>
/// The server's side of the measured window, when <c>--server-pid</c> and <c>--server-metrics</c> name it: CPU of
/// those processes (and of this one) from /proc, seconds its managed threads stood still for garbage collections, and
/// the event delivery and outbox publish histograms, each as the difference between the window's start and end.
/// A /metrics URL that does not answer costs the run only the figures read from it: they are left out and
/// <see cref="Failures"/> says why.
/// </summary>
internal sealed class ServerProbe(LoadSettings settings) : IDisposable
{
    private const string DeliveryLag = "atrium_eventing_delivery_lag_seconds";
    private const string RelayLag = "atrium_outbox_relay_lag_seconds";

    // Its own client: a scrape must not queue behind the load's requests, nor wait as long as an order may.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<string> _failures = [];
    private (TimeSpan Server, TimeSpan Own, MetricsScrape? Metrics) _start;

    public ServerUsage? Usage { get; private set; }

    /// <summary>Why figures were left out, one line per failed scrape (empty when none failed).</summary>
    public IReadOnlyList<string> Failures => _failures;

    public async Task StartAsync() =>
        _start = (ServerCpu(), Process.GetCurrentProcess().TotalProcessorTime, await ScrapeAsync().ConfigureAwait(false));

    public async Task StopAsync()
    {
        var (server, own) = (ServerCpu() - _start.Server, Process.GetCurrentProcess().TotalProcessorTime - _start.Own);
        var end = await ScrapeAsync().ConfigureAwait(false);
        var window = _start.Metrics is { } start && end is not null ? end.Minus(start) : null;
        Usage = new ServerUsage(settings.ServerPids.Count > 0 ? server : null, own, window?.GcPauseSeconds,
            window?.Delivery ?? new PrometheusHistogram(), window?.Relay ?? new PrometheusHistogram());
    }

    public void Dispose() => _http.Dispose();

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

    // Every URL once; null when any of them failed, since a sum missing an endpoint is not the server's figure.
    private async Task<MetricsScrape?> ScrapeAsync()
    {
        var scrape = new MetricsScrape(0, new PrometheusHistogram(), new PrometheusHistogram());
        var complete = true;
        foreach (var url in settings.ServerMetrics)
        {
            string text;
            try
            {
                text = await _http.GetStringAsync(url).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                _failures.Add($"--server-metrics {url}: {ex.Message}");
                complete = false;
                continue;
            }
            catch (TaskCanceledException)
            {
                _failures.Add($"--server-metrics {url}: no answer within {_http.Timeout.TotalSeconds:F0}s");
                complete = false;
                continue;
            }

            var lines = text.Split('\n');
            var gc = lines.FirstOrDefault(l => l.StartsWith("dotnet_gc_pause_time_seconds_total ", StringComparison.Ordinal));
            scrape = scrape with
            {
                GcPauseSeconds = scrape.GcPauseSeconds + (gc is null ? 0 : double.Parse(gc[(gc.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)),
            };
            scrape.Delivery.AddExposition(text, DeliveryLag);
            scrape.Relay.AddExposition(text, RelayLag);
        }

        return complete ? scrape : null;
    }
}
