namespace Atrium.Gateway.Forwarding;

/// <summary>
/// What the balancing stage and the forwarder ask of one request's retries (<see cref="UpstreamExchange.Retry"/>); the
/// retry stage owns them. Reached only on routes with retries on.
/// </summary>
internal interface IRequestRetries
{
    /// <summary>
    /// Called by the forwarder when response headers arrive: true when this status is retried, a retry is left and
    /// the budget grants it; the forwarder then drops the answer instead of relaying it.
    /// </summary>
    bool TryRetryStatus(int status);

    /// <summary>The candidates minus the endpoints already tried, or all of them when every one was tried.</summary>
    EndpointState[] ExcludeTried(EndpointState[] candidates);
}
