namespace Atrium.Gateway.Forwarding;

/// <summary>
/// A cluster's passive health check: it learns each attempt's outcome and may eject an endpoint through its
/// <see cref="EndpointState.Health"/>. The cluster holds it; the runtime creates it (<see cref="IClusterHealthChecks"/>).
/// </summary>
internal interface IPassiveHealthCheck : IDisposable
{
    /// <summary>Records the outcome of one attempt on <paramref name="endpoint"/>.</summary>
    void Report(EndpointState endpoint, bool failed);
}
