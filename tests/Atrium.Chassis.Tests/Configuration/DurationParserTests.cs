using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("10s", 0, 0, 10, 0)]
    [InlineData("1.5s", 0, 0, 1, 500)]
    [InlineData("5m", 0, 5, 0, 0)]
    [InlineData("2h", 2, 0, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    [InlineData("00:01:30", 0, 1, 30, 0)]
    public void TryParse_SupportedForm_ReturnsDuration(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        DurationParser.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(new TimeSpan(0, hours, minutes, seconds, milliseconds));
    }

    [Fact]
    public void TryParse_Days_ReturnsDuration()
    {
        DurationParser.TryParse("1d", out var value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromDays(1));
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("10")]
    [InlineData("-5s")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("1.s")]
    [InlineData("10sec")]
    [InlineData("5M")]
    [InlineData("")]
    public void TryParse_UnsupportedForm_ReturnsFalse(string text)
    {
        DurationParser.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1500ms", "1500ms")]
    [InlineData("90s", "90s")]
    [InlineData("60s", "1m")]
    [InlineData("24h", "1d")]
    [InlineData("00:00:00", "0d")]
    public void Format_Duration_ReturnsShortestExactForm(string input, string expected)
    {
        DurationParser.TryParse(input, out var value).ShouldBeTrue();
        DurationParser.Format(value).ShouldBe(expected);
    }
}
