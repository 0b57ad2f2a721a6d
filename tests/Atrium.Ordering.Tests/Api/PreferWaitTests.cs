using Atrium.Ordering.Api;
using Microsoft.AspNetCore.Http;

namespace Atrium.Ordering.Tests.Api;

public sealed class PreferWaitTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData("wait=2", 2)]
    [InlineData("WAIT=3", 3)]
    [InlineData("respond-async, wait=1", 1)]
    [InlineData("wait=2; foo=bar", 2)]
    [InlineData("handling=lenient,wait=0", 0)]
    public void Read_WaitPreference_IsThatManySeconds(string prefer, int seconds) =>
        PreferWait.Read(Headers(prefer), Max).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Read_LongerThanMax_IsCutToMax() => PreferWait.Read(Headers("wait=600"), Max).ShouldBe(Max);

    [Theory]
    [InlineData("")]
    [InlineData("respond-async")]
    [InlineData("wait=")]
    [InlineData("wait=-1")]
    [InlineData("wait=1.5")]
    [InlineData("wait=99999999999")]
    [InlineData("waiting=3")]
    public void Read_NoOrMalformedWait_IsIgnored(string prefer) => PreferWait.Read(Headers(prefer), Max).ShouldBe(TimeSpan.Zero);

    [Fact]
    public void Read_NoHeader_NoWait() => PreferWait.Read(new HeaderDictionary(), Max).ShouldBe(TimeSpan.Zero);

    [Fact]
    public void Format_Wait_IsWholeSecondsRoundedUp() => PreferWait.Format(TimeSpan.FromMilliseconds(2500)).ShouldBe("wait=3");

    private static HeaderDictionary Headers(string prefer) => new() { ["Prefer"] = prefer };
}
