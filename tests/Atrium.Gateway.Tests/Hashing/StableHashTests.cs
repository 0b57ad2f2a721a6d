using Atrium.Gateway.Hashing;

namespace Atrium.Gateway.Tests.Hashing;

// The values are pinned: replicas of two builds serve side by side during a rolling upgrade, and a key must keep its
// ring position and its split draw across them (docs/gateway.md: "the same on every replica and run").
public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 17665956581633026203UL)]
    [InlineData("user-1", 1798793576219936927UL)]
    [InlineData("10.0.0.7#42", 1633888290481749569UL)]
    [InlineData("Zürich", 6761219931249293648UL)]
    public void Of_Text_KeepsItsRingPosition(string key, ulong expected) =>
        StableHash.Of(key).ShouldBe(expected);

    [Fact]
    public void Of_Bytes_KeepsItsRingPosition() =>
        StableHash.Of([10, 0, 0, 7]).ShouldBe(13604466875455304099UL);

    [Theory]
    [InlineData("", 0.93676944839044)]
    [InlineData("user-1", 0.2563932327962135)]
    [InlineData("10.0.0.7#42", 0.152046656193085)]
    [InlineData("Zürich", 0.9288343194449888)]
    public void Unit_Key_KeepsItsSplitDraw(string key, double expected) =>
        StableHash.Unit(key).ShouldBe(expected);
}
