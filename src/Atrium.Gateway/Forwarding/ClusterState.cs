using System.Net;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Tls;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A cluster at run time: its endpoints and its own connection pool. Kept across reloads while its config is
/// unchanged, so a reload does not drop warm connections; a replaced cluster is disposed once its last in-flight
/// request ends. The traffic policies' state lives here too (balancer, health, ejections, breaker, retry budget), so
/// it survives a reload that leaves the cluster unchanged; a changed cluster starts with fresh state.
/// </summary>
internal sealed class ClusterState : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private long _active;
    private readonly Lock _availableGate = new();
    private volatile EndpointState[] _available;
    private volatile bool _retired;
    private int _disposed;

    /// <param name="name">The cluster's name in the config.</param>
    /// <param name="config">The cluster's config.</param>
    /// <param name="fingerprint">The config as text (see <see cref="Fingerprint"/>).</param>
    /// <param name="services">What the breaker needs from the proxy host.</param>
    /// <param name="balancer">Creates the policy <c>loadBalancing</c> names over the cluster's endpoints.</param>
    /// <param name="healthChecks">Creates the cluster's passive and active health checks its config enables.</param>
    public ClusterState(string name, ClusterConfig config, string fingerprint, ClusterServices services,
        Func<LoadBalancingConfig, IReadOnlyList<EndpointState>, ILoadBalancingPolicy> balancer, IClusterHealthChecks healthChecks)
    {
        Name = name;
        Config = config;
        Fingerprint = fingerprint;
        Endpoints = config.Endpoints.Select(e => new EndpointState(e)).ToArray();
        Version = config.HttpVersion == "2" ? HttpVersion.Version20 : HttpVersion.Version11;
        VersionPolicy = config.VersionPolicy switch
        {
            UpstreamVersionPolicy.OrLower => HttpVersionPolicy.RequestVersionOrLower,
            UpstreamVersionPolicy.OrHigher => HttpVersionPolicy.RequestVersionOrHigher,
            _ => HttpVersionPolicy.RequestVersionExact,
        };
        _handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = config.IdleTimeout,
            ConnectTimeout = config.ConnectTimeout,
            MaxConnectionsPerServer = config.MaxConnectionsPerEndpoint > 0 ? config.MaxConnectionsPerEndpoint : int.MaxValue,
            // The proxy relays whatever the upstream sends; the response-draining and header limits stay at defaults.
            SslOptions = UpstreamTls.Create(config.Tls),
        };
        Invoker = new HttpMessageInvoker(UpstreamTls.WithServerName(_handler, config.Tls), disposeHandler: false);

        _available = [.. Endpoints];
        LoadBalancer = balancer(config.LoadBalancing, Endpoints);
        Concurrency = new ConcurrencyLimiter(config.MaxConcurrentRequests);
        RetryBudget = new RetryBudget(Concurrency, services.Time);
        PassiveHealth = healthChecks.CreatePassive(this);
        ActiveHealth = healthChecks.CreateActive(this);
        Breaker = config.CircuitBreaker.Enabled ? new CircuitBreaker(name, config.CircuitBreaker, services.Time, services.ResilienceLogger) : null;
    }

    public string Name { get; }

    public ClusterConfig Config { get; }

    /// <summary>The config as text; equal fingerprints mean the state can be reused across a reload.</summary>
    public string Fingerprint { get; }

    public IReadOnlyList<EndpointState> Endpoints { get; }

    public HttpMessageInvoker Invoker { get; }

    public Version Version { get; }

    public HttpVersionPolicy VersionPolicy { get; }

    public long ActiveRequests => Interlocked.Read(ref _active);

    /// <summary>The endpoints that may get traffic: healthy and not ejected. Rebuilt on each health change.</summary>
    public EndpointState[] AvailableEndpoints => _available;

    public ILoadBalancingPolicy LoadBalancer { get; }

    /// <summary>Requests in flight and the <c>maxConcurrentRequests</c> cap.</summary>
    public ConcurrencyLimiter Concurrency { get; }

    public RetryBudget RetryBudget { get; }

    /// <summary>The circuit breaker; null when disabled.</summary>
    public CircuitBreaker? Breaker { get; }

    /// <summary>Passive outlier detection; null when disabled.</summary>
    public IPassiveHealthCheck? PassiveHealth { get; }

    /// <summary>Active probes; null when disabled.</summary>
    public IActiveHealthCheck? ActiveHealth { get; }

    /// <summary>Starts the active probes, if any; called once the cluster is part of a live snapshot.</summary>
    public void StartHealthChecks() => ActiveHealth?.Start();

    /// <summary>Recomputes <see cref="AvailableEndpoints"/> after an endpoint's health changed.</summary>
    public void RefreshAvailable()
    {
        lock (_availableGate)
        {
            var available = new List<EndpointState>(Endpoints.Count);
            foreach (var endpoint in Endpoints)
            {
                if (endpoint.Health.IsAvailable)
                {
                    available.Add(endpoint);
                }
            }

            _available = [.. available];
        }
    }

    public void OnRequestStart() => Interlocked.Increment(ref _active);

    public void OnRequestEnd()
    {
        if (Interlocked.Decrement(ref _active) == 0 && _retired)
        {
            Dispose();
        }
    }

    /// <summary>Marks the cluster replaced by a reload: it is disposed when idle.</summary>
    public void Retire()
    {
        // A replaced cluster stops probing and ejecting at once; its pool lives on for in-flight requests.
        ActiveHealth?.Stop();
        PassiveHealth?.Dispose();
        _retired = true;
        if (Interlocked.Read(ref _active) == 0)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ActiveHealth?.Dispose();
            PassiveHealth?.Dispose();
            Invoker.Dispose();
            _handler.Dispose();
        }
    }
}
