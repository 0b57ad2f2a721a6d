namespace Atrium.Gateway.Configuration;

/// <summary>Where <see cref="LoadBalancingPolicies.ConsistentHash"/> reads its key (<c>loadBalancing.hashOn</c>).</summary>
internal static class HashOn
{
    /// <summary>The value of the request header named by <c>hashKey</c>.</summary>
    public const string Header = "header";

    /// <summary>The value of the cookie named by <c>hashKey</c>.</summary>
    public const string Cookie = "cookie";

    /// <summary>The client's IP address (after trusted proxies, as Kestrel sees the connection).</summary>
    public const string ClientIp = "clientIp";

    /// <summary>Every source name.</summary>
    public static readonly string[] All = [Header, Cookie, ClientIp];
}
