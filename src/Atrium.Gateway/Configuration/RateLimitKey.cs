namespace Atrium.Gateway.Configuration;

/// <summary>What a rate limit counts separately. A request without the key is counted by its client IP.</summary>
public enum RateLimitKey
{
    /// <summary>
    /// The client's IP address: the connection's peer, or, when the peer is in <c>gateway.trustedProxies</c>, the
    /// nearest <c>X-Forwarded-For</c> entry that is not a trusted proxy. IPv6 addresses count by their /64 prefix.
    /// </summary>
    ClientIp,

    /// <summary>The authenticated subject (needs the route's <c>auth</c>).</summary>
    Subject,

    /// <summary>The API key's id (needs the route's <c>auth</c>).</summary>
    ApiKey,

    /// <summary>The value of the header named in <c>header</c>.</summary>
    Header,
}
