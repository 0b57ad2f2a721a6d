using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Health;

/// <summary>
/// Active health checks for one cluster: a background loop that GETs <see cref="ActiveHealthCheckConfig.Path"/> on
/// every endpoint each interval (2xx within the timeout is a success) and marks an endpoint unhealthy after
/// <c>unhealthyThreshold</c> failures in a row and healthy again after <c>healthyThreshold</c> successes. Probes go
/// through the cluster's own connection pool. <see cref="Stop"/> ends the loop; a probe in flight is cancelled.
/// </summary>
internal sealed partial class ActiveHealthProber(ClusterState cluster, ActiveHealthCheckConfig config, ClusterServices services) : IActiveHealthCheck
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>The running loop; completes after <see cref="Stop"/>.</summary>
    public Task Completion => _loop;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped already.
        }
    }

    public void Dispose()
    {
        Stop();
        // The loop may still be unwinding with the token; dispose the source once it has.
        _loop.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Dispose(), _stop, CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(config.Interval, services.Time);
            do
            {
                var endpoints = cluster.Endpoints;
                var probes = new Task[endpoints.Count];
                for (var i = 0; i < probes.Length; i++)
                {
                    probes[i] = ProbeAsync(endpoints[i], cancellationToken);
                }

                await Task.WhenAll(probes).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the cluster was replaced by a reload or the gateway is stopping.
        }
    }

    private async Task ProbeAsync(EndpointState endpoint, CancellationToken cancellationToken)
    {
        bool success;
        string reason;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(config.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Base + config.Path)
            {
                Version = cluster.Version,
                VersionPolicy = cluster.VersionPolicy,
            };
            using var response = await cluster.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            success = (int)response.StatusCode is >= 200 and < 300;
            reason = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            success = false;
            reason = ex is OperationCanceledException ? "timeout" : ex.Message;
        }

        services.Metrics.Probed(cluster.Name, success);
        var verdict = endpoint.Health.OnProbe(success, config.HealthyThreshold, config.UnhealthyThreshold);
        if (verdict is not { } healthy)
        {
            return;
        }

        cluster.RefreshAvailable();
        if (healthy)
        {
            LogHealthy(services.HealthLogger, cluster.Name, endpoint.Address, config.HealthyThreshold);
        }
        else
        {
            LogUnhealthy(services.HealthLogger, cluster.Name, endpoint.Address, config.UnhealthyThreshold, reason);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.EndpointUnhealthy, Level = LogLevel.Warning,
        Message = "Cluster {Cluster}: endpoint {Endpoint} is unhealthy after {Failures} failed probes (last: {Reason})")]
    private static partial void LogUnhealthy(ILogger logger, string cluster, string endpoint, int failures, string reason);

    [LoggerMessage(EventId = GatewayEventIds.EndpointHealthy, Level = LogLevel.Information,
        Message = "Cluster {Cluster}: endpoint {Endpoint} is healthy again after {Successes} successful probes")]
    private static partial void LogHealthy(ILogger logger, string cluster, string endpoint, int successes);
}
