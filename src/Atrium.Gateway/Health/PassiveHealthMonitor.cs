using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Health;

/// <summary>
/// Passive outlier detection for one cluster: <see cref="PassiveHealthCheckConfig.ConsecutiveFailures"/> failed
/// requests in a row eject an endpoint for the base ejection time, doubled on each repeat up to the maximum; at most
/// <see cref="PassiveHealthCheckConfig.MaxEjectedPercent"/> of the endpoints (and always at least one) are ejected
/// at once, and never the last endpoint still in rotation: a cluster whose every endpoint fails has no outlier, and
/// ejecting them all would turn a slow or failing service into one that answers nothing for the whole ejection time
/// (Envoy reaches the same end through its panic threshold). An endpoint that stays in for the maximum ejection time
/// is forgiven its past ejections.
/// </summary>
internal sealed partial class PassiveHealthMonitor(ClusterState cluster, PassiveHealthCheckConfig config, ClusterServices services) : IPassiveHealthCheck
{
    private readonly Lock _gate = new();
    private readonly Dictionary<EndpointState, ITimer> _returns = [];
    private bool _disposed;

    /// <summary>Records the outcome of one attempt on <paramref name="endpoint"/>.</summary>
    public void Report(EndpointState endpoint, bool failed)
    {
        var health = endpoint.Health;
        if (!failed)
        {
            health.OnSuccess();
            return;
        }

        if (health.OnFailure() >= config.ConsecutiveFailures && !health.Ejected)
        {
            TryEject(endpoint);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var timer in _returns.Values)
            {
                timer.Dispose();
            }

            _returns.Clear();
        }
    }

    private void TryEject(EndpointState endpoint)
    {
        var health = endpoint.Health;
        var time = services.Time;
        TimeSpan duration;
        lock (_gate)
        {
            if (_disposed || health.Ejected)
            {
                return;
            }

            var endpoints = cluster.Endpoints;
            var limit = Math.Max(1, endpoints.Count * config.MaxEjectedPercent / 100);
            if (_returns.Count >= limit || IsLastInRotation(endpoint))
            {
                // Start counting again, so that a capped endpoint is logged once per run of failures, not per request.
                health.OnSuccess();
                LogEjectionCapped(services.HealthLogger, cluster.Name, endpoint.Address, config.MaxEjectedPercent);
                return;
            }

            var now = time.GetTimestamp();
            if (health.Ejections > 0 && time.GetElapsedTime(health.ReturnedAt, now) > config.MaxEjectionTime)
            {
                health.Ejections = 0;
            }

            health.Ejections++;
            duration = EjectionTime(health.Ejections);
            health.Eject(time.GetUtcNow() + duration);
            _returns[endpoint] = time.CreateTimer(static state =>
            {
                var (monitor, ejected) = ((PassiveHealthMonitor, EndpointState))state!;
                monitor.Return(ejected);
            }, (this, endpoint), duration, Timeout.InfiniteTimeSpan);
        }

        cluster.RefreshAvailable();
        services.Metrics.Ejected(cluster.Name, endpoint.Address);
        LogEjected(services.HealthLogger, cluster.Name, endpoint.Address, health.ConsecutiveFailures, duration.TotalSeconds);
    }

    private bool IsLastInRotation(EndpointState endpoint) =>
        Array.TrueForAll(cluster.AvailableEndpoints, other => ReferenceEquals(other, endpoint));

    private TimeSpan EjectionTime(int ejections)
    {
        var factor = Math.Pow(2, Math.Min(ejections - 1, 30));
        var ticks = Math.Min(config.BaseEjectionTime.Ticks * factor, config.MaxEjectionTime.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private void Return(EndpointState endpoint)
    {
        lock (_gate)
        {
            if (_disposed || !_returns.Remove(endpoint, out var timer))
            {
                return;
            }

            timer.Dispose();
            endpoint.Health.ReturnedAt = services.Time.GetTimestamp();
            endpoint.Health.Return();
        }

        cluster.RefreshAvailable();
        LogReturned(services.HealthLogger, cluster.Name, endpoint.Address);
    }

    [LoggerMessage(EventId = GatewayEventIds.EndpointEjected, Level = LogLevel.Warning,
        Message = "Cluster {Cluster}: endpoint {Endpoint} ejected after {Failures} consecutive failures for {Seconds} s")]
    private static partial void LogEjected(ILogger logger, string cluster, string endpoint, int failures, double seconds);

    [LoggerMessage(EventId = GatewayEventIds.EndpointReturned, Level = LogLevel.Information, Message = "Cluster {Cluster}: endpoint {Endpoint} returned from ejection")]
    private static partial void LogReturned(ILogger logger, string cluster, string endpoint);

    [LoggerMessage(EventId = GatewayEventIds.EjectionCapped, Level = LogLevel.Warning,
        Message = "Cluster {Cluster}: endpoint {Endpoint} keeps failing but is not ejected: it is the last one in rotation or {Percent}% of the endpoints are ejected already")]
    private static partial void LogEjectionCapped(ILogger logger, string cluster, string endpoint, int percent);
}
