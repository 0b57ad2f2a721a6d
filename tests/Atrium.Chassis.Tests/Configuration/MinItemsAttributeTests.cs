using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class MinItemsAttributeTests
{
    [Fact]
    public void IsValid_ListShorterThanLength_IsInvalidWithMinLengthsMessage()
    {
        var minItems = new MinItemsAttribute(1);

        minItems.IsValid(new List<string>()).ShouldBeFalse();
        minItems.IsValid(new List<string> { "a" }).ShouldBeTrue();
        minItems.IsValid(null).ShouldBeTrue();
        minItems.FormatErrorMessage("endpoints").ShouldBe(new MinLengthAttribute(1).FormatErrorMessage("endpoints"));
    }
}
