using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>Builds <see cref="DashboardState"/> from the live snapshot, the metrics and the readiness checks.</summary>
internal sealed class DashboardStateBuilder(
    GatewayRuntime runtime, DashboardMetrics metrics, TrafficWindow window, ReloadHistory reloads, ServiceReadiness services,
    RemoteOrderMetrics remote, HealthCheckService checks, TimeProvider time)
{
    private static readonly string[] SagaSteps = ["Reserve", "Charge", "Confirm", "Refund", "Release"];

    public async Task<DashboardState> BuildAsync(CancellationToken cancellationToken)
    {
        var snapshot = runtime.Current;
        var traffic = window.Rates(metrics.RouteCounts());
        var routes = snapshot.Routes.Routes.Select(r => new DashboardRoute(
            r.Id, RouteDescription.Match(r), r.Cluster.Name, RouteDescription.Policies(r), traffic.GetValueOrDefault(r.Id))).ToList();
        var clusters = snapshot.Clusters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Cluster(c.Key, c.Value)).ToList();
        var report = await checks.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var readiness = new DashboardReadiness(
            report.Status.ToString(),
            [.. report.Entries.Select(e => new DashboardCheck(e.Key, e.Value.Status.ToString(), e.Value.Description))],
            services.Read());
        return new DashboardState(time.GetUtcNow(), routes, clusters, reloads.Read(), readiness, Orders());
    }

    private static DashboardCluster Cluster(string name, ClusterState cluster) => new(
        name,
        cluster.Breaker is { } breaker ? BreakerState(breaker.State) : "disabled",
        cluster.LoadBalancer.Name,
        cluster.ActiveRequests,
        [.. cluster.Endpoints.Select(e => new DashboardEndpoint(
            e.Address, HealthStates.Of(e.Health), e.Health.EjectedUntil, e.Health.Ejections, e.ActiveRequests, e.Requests, e.Failures))]);

    private static string BreakerState(CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "halfOpen",
        _ => "closed",
    };

    // In one process the meters are read directly (no HTTP to itself); the split topology's are summed from /metrics.
    private DashboardOrders Orders()
    {
        metrics.ObserveGauges();
        if (metrics.OrderingInProcess)
        {
            return Orders(true, [], metrics.Orders);
        }

        var (counts, sources) = remote.Read();
        return Orders(false, sources, counts);
    }

    private static DashboardOrders Orders(bool inProcess, IReadOnlyList<DashboardMetricsSource> sources, OrderCounts metrics)
    {
        var steps = metrics.SagaSteps.Read().Select(s => (Label: Split(s.Key), Calls: s.Value))
            .Select(s => new DashboardStepCount(s.Label.First, s.Label.Second, s.Calls)).ToList();
        var completed = metrics.SagasCompleted.Read().Select(c => (Label: Split(c.Key), Count: c.Value)).ToList();
        var dead = metrics.DeadLettered.Read().ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        var parked = metrics.Parked.Read().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var depth = metrics.QueueDepth.Read().ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        var consumers = dead.Keys.Union(parked.Keys).Union(depth.Keys).Order(StringComparer.Ordinal).Select(s => new DashboardConsumer(
            s, dead.GetValueOrDefault(s), parked.GetValueOrDefault(s), depth.TryGetValue(s, out var d) ? d : null));
        return new DashboardOrders(
            inProcess,
            sources,
            metrics.SagasRunning,
            [.. metrics.SagasInFlight.Read().OrderBy(s => StepOrder(s.Key)).Select(s => new DashboardCount(s.Key, s.Value))],
            steps,
            steps.Where(s => s.Outcome == "Transient").Sum(s => s.Calls),
            steps.Where(s => s.Step is "Refund" or "Release").Sum(s => s.Calls),
            completed.Where(c => c.Label.First == "confirmed").Sum(c => c.Count),
            [.. completed.Where(c => c.Label.First == "cancelled").Select(c => new DashboardCount(c.Label.Second, c.Count))],
            [.. metrics.OutboxPending.Read().Select(o => new DashboardCount(o.Key, o.Value))],
            [.. consumers]);
    }

    // The saga's own order (forward, then compensations); the gateway does not reference ordering's enum.
    private static int StepOrder(string step) => Array.IndexOf(SagaSteps, step) is >= 0 and var at ? at : SagaSteps.Length;

    private static (string First, string Second) Split(string key)
    {
        var at = key.IndexOf(LabelledCounts.Separator, StringComparison.Ordinal);
        return at < 0 ? (key, "") : (key[..at], key[(at + 1)..]);
    }
}
