using Atrium.Chassis.Errors;
using Atrium.Identity.Domain;

namespace Atrium.Identity.Api;

/// <summary>Maps identity rule failures to the chassis error table.</summary>
internal static class IdentityErrorMapping
{
    public static AtriumException ToAtrium(IdentityDomainException exception) => new(
        exception.Error switch
        {
            IdentityErrors.EmailTaken => ErrorCodes.Conflict,
            IdentityErrors.InvalidCredentials or IdentityErrors.LockedOut or IdentityErrors.RefreshTokenInvalid => ErrorCodes.AuthFailed,
            _ => ErrorCodes.BusinessRuleViolated,
        },
        exception.Message,
        exception);
}
