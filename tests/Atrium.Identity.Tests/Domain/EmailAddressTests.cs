using Atrium.Identity.Domain;

namespace Atrium.Identity.Tests.Domain;

public class EmailAddressTests
{
    [Theory]
    [InlineData(" Ann@Example.COM ", "ann@example.com")]
    [InlineData("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")]
    public void TryParse_ValidAddress_Normalizes(string text, string expected)
    {
        EmailAddress.TryParse(text, out var email).ShouldBeTrue();
        email.Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nope")]
    [InlineData("Ann <ann@example.com>")]
    public void TryParse_NotAnAddress_Fails(string? text)
    {
        EmailAddress.TryParse(text, out _).ShouldBeFalse();
    }
}
