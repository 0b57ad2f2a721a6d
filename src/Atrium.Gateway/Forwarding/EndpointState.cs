namespace Atrium.Gateway.Forwarding;

/// <summary>One upstream endpoint of a cluster, with counters the admin API and balancing read.</summary>
internal sealed class EndpointState
{
    private long _active;
    private long _requests;
    private long _failures;

    public EndpointState(string address)
    {
        Address = address;
        var uri = new Uri(address);
        // Kept as text: the per-request URI is base + path + query, and concatenation is cheaper than UriBuilder.
        Base = uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/');
    }

    public string Address { get; }

    public string Base { get; }

    public long ActiveRequests => Interlocked.Read(ref _active);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Probe verdict and ejection; only endpoints whose health <see cref="EndpointHealth.IsAvailable"/> get traffic.</summary>
    public EndpointHealth Health { get; } = new();

    public void OnStart()
    {
        Interlocked.Increment(ref _active);
        Interlocked.Increment(ref _requests);
    }

    public void OnEnd(bool failed)
    {
        Interlocked.Decrement(ref _active);
        if (failed)
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
