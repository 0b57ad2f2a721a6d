namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A cluster's active health check: probes its endpoints in the background and marks them through their
/// <see cref="EndpointState.Health"/>. The cluster holds it; the runtime creates it (<see cref="IClusterHealthChecks"/>).
/// </summary>
internal interface IActiveHealthCheck : IDisposable
{
    /// <summary>Starts probing; called once the cluster is part of a live snapshot.</summary>
    void Start();

    /// <summary>Stops probing; a probe in flight is cancelled.</summary>
    void Stop();
}
