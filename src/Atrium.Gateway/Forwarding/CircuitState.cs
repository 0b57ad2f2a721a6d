namespace Atrium.Gateway.Forwarding;

/// <summary>A circuit breaker's state; the values are those of the <c>atrium.gateway.circuit.state</c> gauge.</summary>
internal enum CircuitState
{
    /// <summary>Requests flow; failures are counted.</summary>
    Closed = 0,

    /// <summary>The break is over: probe requests go one at a time, the rest are refused.</summary>
    HalfOpen = 1,

    /// <summary>Requests are refused without reaching the upstream.</summary>
    Open = 2,
}
