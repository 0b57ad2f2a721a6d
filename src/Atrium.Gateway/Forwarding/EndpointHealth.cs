namespace Atrium.Gateway.Forwarding;

/// <summary>
/// An endpoint's health as the gateway sees it: the active probes' verdict and the passive detector's ejection.
/// Only the cluster's own health checks (<see cref="IActiveHealthCheck"/>, <see cref="IPassiveHealthCheck"/>) change it;
/// balancing reads <see cref="IsAvailable"/>.
/// </summary>
internal sealed class EndpointHealth
{
    private volatile bool _probedHealthy = true;
    private volatile bool _ejected;
    private int _probeSuccesses;
    private int _probeFailures;
    private int _consecutiveFailures;

    /// <summary>Whether the endpoint may get traffic: not marked down by probes and not ejected.</summary>
    public bool IsAvailable => _probedHealthy && !_ejected;

    /// <summary>The active probes' verdict; true until probes say otherwise (or when probes are off).</summary>
    public bool ProbedHealthy => _probedHealthy;

    public bool Ejected => _ejected;

    /// <summary>When the current ejection ends (wall clock, for the admin API); null when not ejected.</summary>
    public DateTimeOffset? EjectedUntil { get; private set; }

    /// <summary>Times ejected since the endpoint last stayed in long enough to be forgiven.</summary>
    public int Ejections { get; set; }

    /// <summary>When the endpoint last came back from an ejection (a <see cref="TimeProvider"/> timestamp).</summary>
    public long ReturnedAt { get; set; }

    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>Records a probe result; returns the new verdict when it changed.</summary>
    public bool? OnProbe(bool success, int healthyThreshold, int unhealthyThreshold)
    {
        if (success)
        {
            _probeFailures = 0;
            if (!_probedHealthy && ++_probeSuccesses >= healthyThreshold)
            {
                _probeSuccesses = 0;
                _probedHealthy = true;
                return true;
            }

            return null;
        }

        _probeSuccesses = 0;
        if (_probedHealthy && ++_probeFailures >= unhealthyThreshold)
        {
            _probeFailures = 0;
            _probedHealthy = false;
            return false;
        }

        return null;
    }

    /// <summary>Counts a failed request; returns the consecutive count.</summary>
    public int OnFailure() => Interlocked.Increment(ref _consecutiveFailures);

    public void OnSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }
    }

    public void Eject(DateTimeOffset until)
    {
        EjectedUntil = until;
        _ejected = true;
    }

    public void Return()
    {
        Volatile.Write(ref _consecutiveFailures, 0);
        EjectedUntil = null;
        _ejected = false;
    }
}
