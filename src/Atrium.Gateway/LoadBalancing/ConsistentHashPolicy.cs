using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Hashing;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>
/// The same key always goes to the same endpoint while it is available: a <see cref="HashRing"/> over all of the
/// cluster's endpoints, walked clockwise past unavailable (or already tried) ones, so an endpoint going down moves
/// only its own keys. Requests without the key are balanced by power-of-two-choices.
/// </summary>
internal sealed class ConsistentHashPolicy : ILoadBalancingPolicy
{
    private readonly HashRing _ring;
    private readonly IReadOnlyList<EndpointState> _endpoints;
    private readonly string _hashOn;
    private readonly string _hashKey;
    private readonly PowerOfTwoChoicesPolicy _fallback = new();

    public ConsistentHashPolicy(LoadBalancingConfig config, IReadOnlyList<EndpointState> endpoints)
    {
        _endpoints = endpoints;
        _hashOn = config.EffectiveHashOn;
        _hashKey = config.HashKey;
        var names = new string[endpoints.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = endpoints[i].Address;
        }

        _ring = new HashRing(names);
    }

    public string Name => LoadBalancingPolicies.ConsistentHash;

    public EndpointState Pick(UpstreamExchange context, EndpointState[] candidates)
    {
        if (!TryHashKey(context, out var hash))
        {
            return _fallback.Pick(context, candidates);
        }

        var position = _ring.FirstPosition(hash);
        for (var step = 0; step < _ring.Count; step++)
        {
            var endpoint = _endpoints[_ring.NodeAt(position)];
            if (Array.IndexOf(candidates, endpoint) >= 0)
            {
                return endpoint;
            }

            position = position + 1 == _ring.Count ? 0 : position + 1;
        }

        return candidates[0];
    }

    private bool TryHashKey(UpstreamExchange context, out ulong hash)
    {
        var request = context.HttpContext.Request;
        hash = 0;
        switch (_hashOn)
        {
            case HashOn.Header:
                var header = request.Headers[_hashKey];
                if (header.Count == 0 || string.IsNullOrEmpty(header[0]))
                {
                    return false;
                }

                hash = StableHash.Of(header[0]);
                return true;
            case HashOn.Cookie:
                var cookie = request.Cookies[_hashKey];
                if (string.IsNullOrEmpty(cookie))
                {
                    return false;
                }

                hash = StableHash.Of(cookie);
                return true;
            default:
                // Behind a trusted proxy, the client it names; else the connection's peer.
                var address = context.ForwardedHeaders.ClientIp(context.HttpContext);
                if (address is null)
                {
                    return false;
                }

                if (address.IsIPv4MappedToIPv6)
                {
                    address = address.MapToIPv4();
                }

                Span<byte> bytes = stackalloc byte[16];
                if (!address.TryWriteBytes(bytes, out var written))
                {
                    return false;
                }

                hash = StableHash.Of(bytes[..written]);
                return true;
        }
    }
}
