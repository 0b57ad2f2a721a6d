namespace Atrium.Gateway.Pipeline;

/// <summary>
/// One named step of the per-request chain (auth, rate limit, breaker, balancing, forwarding...). A stage may
/// short-circuit by setting <see cref="Forwarding.UpstreamExchange.Error"/> and not calling next.
/// </summary>
internal interface IProxyStage
{
    /// <summary>The stage's name, shown by the admin API.</summary>
    string Name { get; }

    ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next);
}
