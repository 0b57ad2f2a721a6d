using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Tests.Forwarding;

public sealed class GrpcTimeoutHeaderTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("4m", 40_000L)]
    [InlineData("5u", 50L)]
    [InlineData("700n", 7L)]
    [InlineData("0m", 0L)]
    [InlineData("00000010S", 100_000_000L)]
    [InlineData("99999999H", 99_999_999L * 36_000_000_000L)]
    public void TryParse_DigitsAndUnit_ReturnsTheDuration(string value, long ticks)
    {
        GrpcTimeoutHeader.TryParse(value, out var timeout).ShouldBeTrue();

        timeout.ShouldBe(TimeSpan.FromTicks(ticks));
    }

    [Theory]
    [InlineData("99n", 0L)]
    [InlineData("199n", 1L)]
    public void TryParse_NanosecondsBetweenTicks_RoundsDownSoTheCallerGetsNoMoreTime(string value, long ticks)
    {
        GrpcTimeoutHeader.TryParse(value, out var timeout).ShouldBeTrue();

        timeout.ShouldBe(TimeSpan.FromTicks(ticks));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("100")]
    [InlineData("123456789S")]
    [InlineData("1h")]
    [InlineData("1s")]
    [InlineData("1X")]
    [InlineData("1MS")]
    [InlineData(" 1S")]
    [InlineData("1S ")]
    [InlineData("+1S")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("1,0S")]
    [InlineData("1S,2S")]
    [InlineData("0x1S")]
    [InlineData("\u0661S")]
    [InlineData("\uFF11S")]
    public void TryParse_NotOneTimeout_ReturnsFalseAndNoDeadline(string? value)
    {
        GrpcTimeoutHeader.TryParse(value, out var timeout).ShouldBeFalse();

        timeout.ShouldBe(TimeSpan.Zero);
    }
}
