using Atrium.Gateway.Hashing;

namespace Atrium.Gateway.LoadBalancing;

/// <summary>
/// A consistent-hash ring: each node is placed at <see cref="VirtualNodes"/> points by the hash of its name, and a
/// key belongs to the first point at or after its own hash. Adding or removing one of N nodes moves only the keys
/// of the points it gains or loses, about 1/N of them; the other keys keep their node.
/// </summary>
internal sealed class HashRing
{
    /// <summary>Points per node: enough to keep the share of each node within a few percent.</summary>
    public const int VirtualNodes = 160;

    private readonly ulong[] _points;
    private readonly int[] _nodes;

    /// <param name="nodeNames">Stable names (endpoint addresses); a node's index in this list is what lookups return.</param>
    public HashRing(IReadOnlyList<string> nodeNames)
    {
        var count = nodeNames.Count * VirtualNodes;
        _points = new ulong[count];
        _nodes = new int[count];
        for (var node = 0; node < nodeNames.Count; node++)
        {
            for (var v = 0; v < VirtualNodes; v++)
            {
                var at = (node * VirtualNodes) + v;
                _points[at] = StableHash.Of($"{nodeNames[node]}#{v}");
                _nodes[at] = node;
            }
        }

        Array.Sort(_points, _nodes);
    }

    /// <summary>Points on the ring.</summary>
    public int Count => _points.Length;

    /// <summary>The position of the first point at or after <paramref name="hash"/> (wrapping to 0).</summary>
    public int FirstPosition(ulong hash)
    {
        var at = Array.BinarySearch(_points, hash);
        if (at < 0)
        {
            at = ~at;
        }

        return at == _points.Length ? 0 : at;
    }

    /// <summary>The node at a position; walk on with <c>(position + 1) % Count</c> to skip unavailable nodes.</summary>
    public int NodeAt(int position) => _nodes[position];

    /// <summary>The node a key hash belongs to.</summary>
    public int Lookup(ulong hash) => _nodes[FirstPosition(hash)];
}
