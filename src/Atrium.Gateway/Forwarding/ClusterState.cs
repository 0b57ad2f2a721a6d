using System.Net;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A cluster at run time: its endpoints and its own connection pool. Kept across reloads while its config is
/// unchanged, so a reload does not drop warm connections; a replaced cluster is disposed once its last in-flight
/// request ends.
/// </summary>
internal sealed class ClusterState : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private long _active;
    private int _next = -1;
    private volatile bool _retired;
    private int _disposed;

    public ClusterState(string name, ClusterConfig config, string fingerprint)
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
        };
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
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

    /// <summary>Round-robin over endpoints; the traffic-policy stages replace this choice.</summary>
    public EndpointState? NextEndpoint()
    {
        var endpoints = Endpoints;
        return endpoints.Count switch
        {
            0 => null,
            1 => endpoints[0],
            _ => endpoints[(int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count)],
        };
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
            Invoker.Dispose();
            _handler.Dispose();
        }
    }
}
