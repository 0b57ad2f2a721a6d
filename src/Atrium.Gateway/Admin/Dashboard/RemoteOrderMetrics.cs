using System.Collections.Concurrent;
using Atrium.Gateway.Runtime;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The orders view when ordering runs in another process (the split topology): the series of
/// <see cref="DashboardMetrics"/>, read from the Prometheus <c>/metrics</c> that every Atrium service serves on its HTTP
/// listener, at every endpoint of every cluster the gateway routes to, and summed over them. Asked in the background at
/// most once a second (the page's poll) while the dashboard is open, concurrently, with a one-second timeout, so a
/// state request never waits on an upstream and the proxy path is never touched.
/// </summary>
internal sealed class RemoteOrderMetrics(GatewayRuntime runtime, TimeProvider time) : IDisposable
{
    // A service's whole exposition is some tens of kilobytes; more is not a service's /metrics.
    private const int MaxBytes = 4 * 1024 * 1024;

    private static readonly HashSet<string> Series =
    [
        SagaSteps, SagaCompleted, SagaRunning, SagaInFlight, OutboxPending, QueueDepth, DeadLettered, Parked,
    ];

    // The names the chassis's exporter gives ordering's and eventing's instruments (counters end in _total).
    private const string SagaSteps = "atrium_saga_steps_total";
    private const string SagaCompleted = "atrium_saga_completed_total";
    private const string SagaRunning = "atrium_saga_running";
    private const string SagaInFlight = "atrium_saga_in_flight";
    private const string OutboxPending = "atrium_outbox_pending";
    private const string QueueDepth = "atrium_eventing_queue_depth";
    private const string DeadLettered = "atrium_eventing_dead_lettered_total";
    private const string Parked = "atrium_eventing_parked_total";

    private readonly RefreshGate _gate = new(time, TimeSpan.FromSeconds(1));
    private readonly HttpClient _client = CreateClient();
    private readonly ConcurrentDictionary<string, (DashboardMetricsSource Source, PrometheusParse? Parsed)> _answers = new(StringComparer.Ordinal);

    /// <summary>
    /// The sum of the last answers of the current clusters' endpoints (each address once), and how each answered;
    /// starts a refresh when the last one is old.
    /// </summary>
    public (OrderCounts Counts, IReadOnlyList<DashboardMetricsSource> Sources) Read()
    {
        var addresses = runtime.Current.Clusters.Values.SelectMany(c => c.Endpoints).Select(e => e.Address)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (_gate.TryStart())
        {
            _ = RefreshAsync(addresses);
        }

        var counts = new OrderCounts();
        var sources = new List<DashboardMetricsSource>(addresses.Count);
        foreach (var address in addresses)
        {
            if (!_answers.TryGetValue(address, out var answer))
            {
                sources.Add(new DashboardMetricsSource(address, "unknown", null, 0, null));
                continue;
            }

            sources.Add(answer.Source);
            foreach (var sample in answer.Parsed?.Samples ?? [])
            {
                Add(counts, sample);
            }
        }

        return (counts, sources);
    }

    public void Dispose() => _client.Dispose();

    private static HttpClient CreateClient()
    {
        var client = RefreshGate.Client(TimeSpan.FromSeconds(1));
        client.MaxResponseContentBufferSize = MaxBytes;
        return client;
    }

    private static void Add(OrderCounts counts, PrometheusSample sample)
    {
        var value = (long)Math.Round(sample.Value);
        switch (sample.Name)
        {
            case SagaSteps:
                counts.SagaSteps.Add(sample.Label("step") + LabelledCounts.Separator + sample.Label("outcome"), value);
                break;
            case SagaCompleted:
                counts.SagasCompleted.Add(sample.Label("outcome") + LabelledCounts.Separator + sample.Label("reason"), value);
                break;
            case SagaRunning:
                counts.AddSagasRunning(value);
                break;
            case SagaInFlight:
                counts.SagasInFlight.Add(sample.Label("step"), value);
                break;
            case OutboxPending:
                counts.OutboxPending.Add(sample.Label("outbox"), value);
                break;
            case QueueDepth:
                counts.QueueDepth.Add(sample.Label("subscription"), value);
                break;
            case DeadLettered:
                counts.DeadLettered.Add(sample.Label("subscription"), value);
                break;
            case Parked:
                counts.Parked.Add(sample.Label("subscription"), value);
                break;
        }
    }

    private async Task RefreshAsync(List<string> addresses)
    {
        try
        {
            await Task.WhenAll(addresses.Select(ScrapeAsync)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Done();
        }
    }

    private async Task ScrapeAsync(string address)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(new Uri(address), "/metrics")).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _answers[address] = (new DashboardMetricsSource(address, "failed", (int)response.StatusCode, 0, null), null);
                return;
            }

            var parsed = PrometheusText.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false), Series);
            _answers[address] = (new DashboardMetricsSource(address, "read", (int)response.StatusCode, parsed.Ignored, parsed.FirstIgnored), parsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or ObjectDisposedException)
        {
            _answers[address] = (new DashboardMetricsSource(address, "unreachable", null, 0, null), null);
        }
    }
}
