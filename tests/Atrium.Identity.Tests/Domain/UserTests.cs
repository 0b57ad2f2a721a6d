using Atrium.Identity.Domain;

namespace Atrium.Identity.Tests.Domain;

public class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly LockoutPolicy Policy = new(3, TimeSpan.FromMinutes(5));

    private static User NewUser()
    {
        EmailAddress.TryParse("ann@example.com", out var email).ShouldBeTrue();
        return User.Register(Guid.NewGuid(), email, "hash", Now);
    }

    [Fact]
    public void Register_NewUser_IsCustomerAndNotLocked()
    {
        var user = NewUser();

        user.Roles.ShouldBe([Roles.Customer]);
        user.IsLockedOut(Now).ShouldBeFalse();
    }

    [Fact]
    public void RecordFailedLogin_ReachingTheLimit_LocksForTheDuration()
    {
        var user = NewUser();

        user.RecordFailedLogin(Now, Policy).ShouldBeFalse();
        user.RecordFailedLogin(Now, Policy).ShouldBeFalse();
        user.RecordFailedLogin(Now, Policy).ShouldBeTrue();

        user.IsLockedOut(Now.AddMinutes(4)).ShouldBeTrue();
        user.IsLockedOut(Now.AddMinutes(5)).ShouldBeFalse();
    }

    [Fact]
    public void RecordSuccessfulLogin_WhileLocked_Throws()
    {
        var user = NewUser();
        for (var i = 0; i < 3; i++)
        {
            user.RecordFailedLogin(Now, Policy);
        }

        Should.Throw<IdentityDomainException>(() => user.RecordSuccessfulLogin(Now)).Error.ShouldBe(IdentityErrors.LockedOut);
    }

    [Fact]
    public void RecordSuccessfulLogin_AfterFailures_ResetsTheCount()
    {
        var user = NewUser();
        user.RecordFailedLogin(Now, Policy);
        user.RecordFailedLogin(Now, Policy);

        user.RecordSuccessfulLogin(Now);

        user.FailedLogins.ShouldBe(0);
        user.RecordFailedLogin(Now, Policy).ShouldBeFalse();
    }

    [Fact]
    public void GrantRole_UnknownRole_Throws()
    {
        Should.Throw<IdentityDomainException>(() => NewUser().GrantRole("root")).Error.ShouldBe(IdentityErrors.UnknownRole);
    }

    [Fact]
    public void GrantRole_Twice_KeepsOneCopy()
    {
        var user = NewUser();

        user.GrantRole(Roles.Admin);
        user.GrantRole(Roles.Admin);

        user.Roles.ShouldBe([Roles.Customer, Roles.Admin]);
    }
}
