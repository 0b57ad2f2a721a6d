using Atrium.Gateway.Hashing;
using Atrium.Gateway.LoadBalancing;

namespace Atrium.Gateway.Tests.LoadBalancing;

public sealed class HashRingTests
{
    private const int Keys = 20_000;

    [Fact]
    public void Lookup_SameKey_SameNode()
    {
        var ring = new HashRing(Nodes(5));

        for (var i = 0; i < 100; i++)
        {
            ring.Lookup(StableHash.Of($"user-{i}")).ShouldBe(new HashRing(Nodes(5)).Lookup(StableHash.Of($"user-{i}")));
        }
    }

    [Fact]
    public void Lookup_ManyKeys_SpreadEvenly()
    {
        var ring = new HashRing(Nodes(5));
        var counts = new int[5];
        for (var i = 0; i < Keys; i++)
        {
            counts[ring.Lookup(StableHash.Of($"user-{i}"))]++;
        }

        // Each node should own about a fifth; virtual nodes keep it within a few percent.
        counts.ShouldAllBe(c => c > Keys / 5 * 0.8 && c < Keys / 5 * 1.2);
    }

    [Fact]
    public void AddNode_RemapsAboutOneInNPlusOne_AllToTheNewNode()
    {
        var before = new HashRing(Nodes(5));
        var after = new HashRing(Nodes(6));

        var moved = 0;
        for (var i = 0; i < Keys; i++)
        {
            var hash = StableHash.Of($"user-{i}");
            var from = before.Lookup(hash);
            var to = after.Lookup(hash);
            if (from != to)
            {
                moved++;
                to.ShouldBe(5, "a key may move only to the added node");
            }
        }

        ((double)moved / Keys).ShouldBeInRange(1.0 / 6 * 0.7, 1.0 / 6 * 1.3);
    }

    [Fact]
    public void RemoveNode_RemapsOnlyItsKeys_AboutOneInN()
    {
        var all = Nodes(5);
        var before = new HashRing(all);
        var remaining = all.Where((_, i) => i != 2).ToList();
        var after = new HashRing(remaining);

        var moved = 0;
        for (var i = 0; i < Keys; i++)
        {
            var hash = StableHash.Of($"user-{i}");
            var from = all[before.Lookup(hash)];
            var to = remaining[after.Lookup(hash)];
            if (from != to)
            {
                moved++;
                from.ShouldBe(all[2], "only the removed node's keys may move");
            }
        }

        ((double)moved / Keys).ShouldBeInRange(1.0 / 5 * 0.7, 1.0 / 5 * 1.3);
    }

    private static List<string> Nodes(int count) => Enumerable.Range(0, count).Select(i => $"http://10.0.0.{i + 1}:8080").ToList();
}
