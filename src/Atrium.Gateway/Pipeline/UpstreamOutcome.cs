using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Pipeline;

/// <summary>How one attempt or request went, from the upstream's side: what the breaker and the ejector count.</summary>
internal static class UpstreamOutcome
{
    /// <summary>
    /// True when the upstream failed (refused, reset, timed out, answered invalid HTTP or with a 5xx); false when it
    /// answered; null when the outcome says nothing about the upstream (the client went away, the body was refused).
    /// </summary>
    public static bool? Failed(ProxyContext context) => context.Error switch
    {
        ForwarderError.None => context.UpstreamStatus >= 500,
        ForwarderError.RetryableStatus => true,
        ForwarderError.NoEndpoint or ForwarderError.UpstreamUnavailable or ForwarderError.UpstreamTimeout
            or ForwarderError.UpstreamProtocol or ForwarderError.ResponseBodyUpstream or ForwarderError.UpgradeFailed => true,
        _ => null,
    };
}
