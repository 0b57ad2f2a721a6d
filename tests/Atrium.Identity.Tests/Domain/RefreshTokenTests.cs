using Atrium.Identity.Domain;

namespace Atrium.Identity.Tests.Domain;

public class RefreshTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rotate_ActiveToken_RetiresItAndKeepsTheFamily()
    {
        var first = RefreshToken.IssueNewFamily(Guid.NewGuid(), Guid.NewGuid(), "h1", Now, TimeSpan.FromDays(1));

        var second = first.Rotate(Guid.NewGuid(), "h2", Now.AddMinutes(1), TimeSpan.FromDays(1));

        first.WasUsed.ShouldBeTrue();
        first.IsActive(Now.AddMinutes(1)).ShouldBeFalse();
        second.FamilyId.ShouldBe(first.FamilyId);
        second.IsActive(Now.AddMinutes(1)).ShouldBeTrue();
    }

    [Fact]
    public void Rotate_UsedToken_Throws()
    {
        var first = RefreshToken.IssueNewFamily(Guid.NewGuid(), Guid.NewGuid(), "h1", Now, TimeSpan.FromDays(1));
        first.Rotate(Guid.NewGuid(), "h2", Now, TimeSpan.FromDays(1));

        Should.Throw<IdentityDomainException>(() => first.Rotate(Guid.NewGuid(), "h3", Now, TimeSpan.FromDays(1)))
            .Error.ShouldBe(IdentityErrors.RefreshTokenInvalid);
    }

    [Fact]
    public void Rotate_ExpiredToken_Throws()
    {
        var token = RefreshToken.IssueNewFamily(Guid.NewGuid(), Guid.NewGuid(), "h1", Now, TimeSpan.FromMinutes(10));

        Should.Throw<IdentityDomainException>(() => token.Rotate(Guid.NewGuid(), "h2", Now.AddMinutes(10), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Revoke_Twice_KeepsTheFirstTime()
    {
        var token = RefreshToken.IssueNewFamily(Guid.NewGuid(), Guid.NewGuid(), "h1", Now, TimeSpan.FromDays(1));

        token.Revoke(Now);
        token.Revoke(Now.AddHours(1));

        token.RevokedAt.ShouldBe(Now);
        token.IsActive(Now).ShouldBeFalse();
    }
}
