namespace Atrium.Identity.Domain;

/// <summary>
/// A registered user. State changes only through the transition methods; a transition that is not allowed throws
/// <see cref="IdentityDomainException"/>.
/// </summary>
internal sealed class User
{
#pragma warning disable IDE0044 // The persistence layer sets it when it loads a user.
    private List<string> _roles = [];
#pragma warning restore IDE0044

    // For the persistence layer.
    private User()
    {
        Email = "";
        PasswordHash = "";
    }

    private User(Guid id, EmailAddress email, string passwordHash, DateTimeOffset now)
    {
        Id = id;
        Email = email.Value;
        PasswordHash = passwordHash;
        CreatedAt = now;
        _roles.Add(Domain.Roles.Customer);
    }

    /// <summary>The user's id.</summary>
    public Guid Id { get; private set; }

    /// <summary>The normalized email address.</summary>
    public string Email { get; private set; }

    /// <summary>The password hash (ASP.NET Core Identity's format).</summary>
    public string PasswordHash { get; private set; }

    /// <summary>The user's roles; every user is a <see cref="Roles.Customer"/>.</summary>
    public IReadOnlyList<string> Roles => _roles;

    /// <summary>Wrong passwords in a row since the last success or lockout.</summary>
    public int FailedLogins { get; private set; }

    /// <summary>Until when sign-in is refused, if locked.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>When the user registered.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Registers a new customer.</summary>
    public static User Register(Guid id, EmailAddress email, string passwordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return new User(id, email, passwordHash, now);
    }

    /// <summary>Whether sign-in is refused at <paramref name="now"/>.</summary>
    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Records a wrong password; locks the account when the policy's limit is reached.</summary>
    /// <returns><see langword="true"/> when this failure locked the account.</returns>
    public bool RecordFailedLogin(DateTimeOffset now, LockoutPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (IsLockedOut(now))
        {
            throw new IdentityDomainException(IdentityErrors.LockedOut, "The account is locked.");
        }

        FailedLogins++;
        if (FailedLogins < policy.MaxFailedAttempts)
        {
            return false;
        }

        LockedUntil = now + policy.Duration;
        FailedLogins = 0;
        return true;
    }

    /// <summary>Records a successful sign-in: the failure count starts again.</summary>
    public void RecordSuccessfulLogin(DateTimeOffset now)
    {
        if (IsLockedOut(now))
        {
            throw new IdentityDomainException(IdentityErrors.LockedOut, "The account is locked.");
        }

        FailedLogins = 0;
        LockedUntil = null;
    }

    /// <summary>Replaces the password hash (after a rehash to a stronger format).</summary>
    public void ChangePasswordHash(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
    }

    /// <summary>Grants a known role; granting one the user has is a no-op.</summary>
    public void GrantRole(string role)
    {
        if (!Domain.Roles.IsKnown(role))
        {
            throw new IdentityDomainException(IdentityErrors.UnknownRole, $"'{role}' is not a role.");
        }

        if (!_roles.Contains(role))
        {
            _roles.Add(role);
        }
    }
}
