using System.Collections.Concurrent;
using Atrium.Gateway.Runtime;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// Each upstream endpoint's own <c>/readyz</c> (every Atrium service serves one; another upstream may answer 404,
/// shown as unready with its status). Asked in the background at most every two seconds while the dashboard is open,
/// with a one-second timeout, so a page load never waits on an upstream.
/// </summary>
internal sealed class ServiceReadiness(GatewayRuntime runtime, TimeProvider time) : IDisposable
{
    private readonly RefreshGate _gate = new(time, TimeSpan.FromSeconds(2));
    private readonly HttpClient _client = RefreshGate.Client(TimeSpan.FromSeconds(1));
    private readonly ConcurrentDictionary<string, (string Status, int? HttpStatus)> _answers = new(StringComparer.Ordinal);

    /// <summary>The last answer of every endpoint of the current clusters; starts a refresh when the last one is old.</summary>
    public IReadOnlyList<DashboardService> Read()
    {
        var clusters = runtime.Current.Clusters;
        if (_gate.TryStart())
        {
            var addresses = clusters.Values.SelectMany(c => c.Endpoints).Select(e => e.Address).Distinct(StringComparer.Ordinal).ToList();
            _ = RefreshAsync(addresses);
        }

        return [.. clusters.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Endpoints.Select(e =>
            _answers.TryGetValue(e.Address, out var answer)
                ? new DashboardService(c.Key, e.Address, answer.Status, answer.HttpStatus)
                : new DashboardService(c.Key, e.Address, "unknown", null)))];
    }

    public void Dispose() => _client.Dispose();

    private async Task RefreshAsync(List<string> addresses)
    {
        try
        {
            await Task.WhenAll(addresses.Select(ProbeAsync)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Done();
        }
    }

    private async Task ProbeAsync(string address)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(new Uri(address), "/readyz")).ConfigureAwait(false);
            _answers[address] = (response.IsSuccessStatusCode ? "ready" : "unready", (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or ObjectDisposedException)
        {
            _answers[address] = ("unreachable", null);
        }
    }
}
