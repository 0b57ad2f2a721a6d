using Atrium.Chassis.Security;

namespace Atrium.Chassis.Tests.Security;

public sealed class AdminTokenTests
{
    private const string Token = "an-admin-token-of-thirty-two-chars";

    [Fact]
    public void Accepts_SameTokenOnEveryCheck_True()
    {
        var token = new AdminToken(Token);

        token.Accepts("Bearer " + Token).ShouldBeTrue();
        token.Accepts("bearer  " + Token + " ").ShouldBeTrue();
    }

    [Fact]
    public void Accepts_OtherTokenOrScheme_False()
    {
        var token = new AdminToken(Token);

        token.Accepts("Bearer " + Token[..^1]).ShouldBeFalse();
        token.Accepts("Bearer " + Token + "x").ShouldBeFalse();
        token.Accepts("Basic " + Token).ShouldBeFalse();
        token.Accepts(null).ShouldBeFalse();
        token.Accepts("Bearer " + Token).ShouldBeTrue();
    }

    [Fact]
    public void Constructor_EmptyToken_Throws() => Should.Throw<ArgumentException>(() => new AdminToken(""));
}
