using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class DurationRangeAttributeTests
{
    [Theory]
    [InlineData("00:00:00.100", true)]
    [InlineData("01:00:00", true)]
    [InlineData("00:00:00.099", false)]
    [InlineData("01:00:00.001", false)]
    public void IsValid_Duration_InsideTheBoundsInclusive(string duration, bool valid) =>
        new DurationRangeAttribute("00:00:00.100", "01:00:00").IsValid(TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(valid);

    [Fact]
    public void IsValid_Null_IsValidAsRangeAttributeHasIt() =>
        new DurationRangeAttribute("00:00:01", "00:00:02").IsValid(null).ShouldBeTrue();

    [Fact]
    public void FormatErrorMessage_DefaultMessage_IsRangeAttributesForTheSameBounds()
    {
        var range = new RangeAttribute(typeof(TimeSpan), "00:00:00.100", "1.00:00:00");

        new DurationRangeAttribute("00:00:00.100", "1.00:00:00").FormatErrorMessage("interval").ShouldBe(range.FormatErrorMessage("interval"));
        new DurationRangeAttribute("00:00:01", "00:00:02") { ErrorMessage = "must be between 1s and 2s" }.FormatErrorMessage("x").ShouldBe("must be between 1s and 2s");
    }
}
