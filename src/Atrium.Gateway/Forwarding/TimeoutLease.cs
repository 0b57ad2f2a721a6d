namespace Atrium.Gateway.Forwarding;

/// <summary>One request's use of a pooled timeout source; disposing it hands the source back.</summary>
internal readonly struct TimeoutLease(TimeoutSources owner, CancellationTokenSource source) : IDisposable
{
    public CancellationTokenSource Source { get; } = source;

    public void Dispose() => owner.Return(Source);
}
