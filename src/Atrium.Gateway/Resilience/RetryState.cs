using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Resilience;

/// <summary>
/// One request's retries: the endpoints tried, how many retries ran, and the budget tokens held. A token is taken
/// when a retry is decided (by the forwarder for a retryable status, before it drops that answer) and held until
/// the retry's attempt ends. Allocated only for requests on routes with retries on.
/// </summary>
internal sealed class RetryState(RetryPolicy policy, RetryBudget budget) : IRequestRetries
{
    private EndpointState[]? _tried;
    private int _triedCount;
    private bool _currentToken;
    private bool _nextToken;

    public RetryPolicy Policy => policy;

    /// <summary>Retries run so far.</summary>
    public int Retries { get; private set; }

    /// <summary>Whether a retry was refused because the budget was spent.</summary>
    public bool BudgetExhausted { get; private set; }

    /// <summary>Whether any attempt failed to connect (kept for the connect-failure metric).</summary>
    public bool SawConnectFailure { get; set; }

    /// <summary>
    /// Called by the forwarder when response headers arrive: true when this status is retried, a retry is left and
    /// the budget grants it; the forwarder then drops the answer instead of relaying it.
    /// </summary>
    public bool TryRetryStatus(int status) => policy.IsRetryableStatus(status) && TryReserve();

    /// <summary>Reserves the next retry (attempts left and a budget token); idempotent until it starts.</summary>
    public bool TryReserve()
    {
        if (_nextToken)
        {
            return true;
        }

        if (Retries >= policy.Config.MaxAttempts)
        {
            return false;
        }

        if (!budget.TryAcquire(policy.Config.BudgetPercent, policy.Config.MinRetriesPerSecond))
        {
            BudgetExhausted = true;
            return false;
        }

        _nextToken = true;
        return true;
    }

    /// <summary>The attempt on <paramref name="endpoint"/> ended: its token (if it was a retry) goes back.</summary>
    public void OnAttemptEnded(EndpointState? endpoint)
    {
        if (endpoint is not null)
        {
            _tried ??= new EndpointState[policy.Config.MaxAttempts + 1];
            if (_triedCount < _tried.Length)
            {
                _tried[_triedCount++] = endpoint;
            }
        }

        if (_currentToken)
        {
            budget.Release();
            _currentToken = false;
        }
    }

    /// <summary>Starts the reserved retry.</summary>
    public void OnRetry()
    {
        _currentToken = _nextToken;
        _nextToken = false;
        Retries++;
    }

    /// <summary>Gives back every token still held (the request ended).</summary>
    public void ReleaseAll()
    {
        if (_currentToken)
        {
            budget.Release();
            _currentToken = false;
        }

        if (_nextToken)
        {
            budget.Release();
            _nextToken = false;
        }
    }

    /// <summary>The candidates minus the endpoints already tried, or all of them when every one was tried.</summary>
    public EndpointState[] ExcludeTried(EndpointState[] candidates)
    {
        if (_triedCount == 0)
        {
            return candidates;
        }

        var kept = new List<EndpointState>(candidates.Length);
        foreach (var candidate in candidates)
        {
            if (Array.IndexOf(_tried!, candidate, 0, _triedCount) < 0)
            {
                kept.Add(candidate);
            }
        }

        return kept.Count == 0 ? candidates : [.. kept];
    }
}
