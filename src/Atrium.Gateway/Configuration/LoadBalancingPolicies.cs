namespace Atrium.Gateway.Configuration;

/// <summary>The names of the load-balancing policies, as written in <c>clusters.X.loadBalancing.policy</c>.</summary>
internal static class LoadBalancingPolicies
{
    /// <summary>Two endpoints at random; the one with fewer requests in flight wins. The default.</summary>
    public const string PowerOfTwoChoices = "powerOfTwoChoices";

    /// <summary>Each endpoint in turn.</summary>
    public const string RoundRobin = "roundRobin";

    /// <summary>An endpoint at random.</summary>
    public const string Random = "random";

    /// <summary>The endpoint with the fewest requests in flight.</summary>
    public const string LeastRequests = "leastRequests";

    /// <summary>A hash ring keyed by a header, a cookie or the client IP: the same key goes to the same endpoint.</summary>
    public const string ConsistentHash = "consistentHash";

    /// <summary>Every policy name, in the order the docs list them.</summary>
    public static readonly string[] All = [PowerOfTwoChoices, RoundRobin, Random, LeastRequests, ConsistentHash];
}
