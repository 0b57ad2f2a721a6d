using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// Holds the live <see cref="GatewaySnapshot"/> and replaces it when the <c>gateway</c> section reloads. The config
/// store has already validated the whole file; a snapshot that still fails to build keeps the previous one live.
/// </summary>
internal sealed partial class GatewayRuntime : IDisposable
{
    private readonly ConfigStore _store;
    private readonly ProxyPipeline _pipeline;
    private readonly ILogger<GatewayRuntime> _logger;
    private readonly ClusterServices _services;
    private readonly Lock _gate = new();
    private GatewaySnapshot _current;

    public GatewayRuntime(ConfigStore store, ProxyPipeline pipeline, ClusterServices services, ILogger<GatewayRuntime> logger, PolicyCompiler policies)
    {
        _store = store;
        _pipeline = pipeline;
        _services = services;
        _logger = logger;
        Policies = policies;
        _current = GatewaySnapshotBuilder.Build(store.Current.Get<GatewayOptions>(GatewayOptions.Section), null, pipeline, services, policies, out var created);
        StartHealthChecks(created);
        services.Metrics.ObserveClusters(
            () => Current.Clusters.SelectMany(c => c.Value.Endpoints.Select(e => (c.Key, e.Address, e.Health.IsAvailable))),
            () => Current.Clusters.Select(c => (c.Key, (int)(c.Value.Breaker?.State ?? CircuitState.Closed))));
        _store.Changed += OnConfigChanged;
    }

    public GatewaySnapshot Current => Volatile.Read(ref _current);

    public ProxyPipeline Pipeline => _pipeline;

    /// <summary>Compiles routes' traffic policies on each snapshot.</summary>
    public PolicyCompiler Policies { get; }

    public void Dispose()
    {
        _store.Changed -= OnConfigChanged;
        foreach (var cluster in Current.Clusters.Values)
        {
            cluster.Dispose();
        }
    }

    private void OnConfigChanged(object? sender, ConfigChangedEventArgs e)
    {
        if (!e.ChangedSections.Contains(GatewayOptions.Section))
        {
            return;
        }

        lock (_gate)
        {
            var previous = Current;
            GatewaySnapshot next;
            List<ClusterState> created;
            try
            {
                next = GatewaySnapshotBuilder.Build(e.Current.Get<GatewayOptions>(GatewayOptions.Section), previous.Clusters, _pipeline, _services, Policies, out created);
            }
            catch (Exception ex)
            {
                LogApplyFailed(_logger, ex);
                return;
            }

            Volatile.Write(ref _current, next);
            StartHealthChecks(created);
            foreach (var (name, cluster) in previous.Clusters)
            {
                if (!next.Clusters.TryGetValue(name, out var kept) || !ReferenceEquals(kept, cluster))
                {
                    // In-flight requests hold the old cluster; it is disposed when the last one ends.
                    cluster.Retire();
                }
            }

            LogApplied(_logger, next.Routes.Routes.Count, next.Clusters.Count);
        }
    }

    private void StartHealthChecks(List<ClusterState> created)
    {
        foreach (var cluster in created)
        {
            cluster.StartHealthChecks();
            if (cluster.Config.Tls.InsecureSkipVerify)
            {
                LogVerificationDisabled(_logger, cluster.Name);
            }
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.UpstreamVerificationDisabled, Level = LogLevel.Warning,
        Message = "Cluster {Cluster} accepts any upstream certificate (tls.insecureSkipVerify: true): its TLS connections are not authenticated")]
    private static partial void LogVerificationDisabled(ILogger logger, string cluster);

    [LoggerMessage(EventId = GatewayEventIds.ConfigApplied, Level = LogLevel.Information, Message = "Gateway config applied: {RouteCount} routes, {ClusterCount} clusters")]
    private static partial void LogApplied(ILogger logger, int routeCount, int clusterCount);

    [LoggerMessage(EventId = GatewayEventIds.ConfigApplyFailed, Level = LogLevel.Error, Message = "Gateway config could not be applied; the previous config stays live")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception);
}
