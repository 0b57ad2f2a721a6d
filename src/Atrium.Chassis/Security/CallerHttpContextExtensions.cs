using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Security;

/// <summary>Authenticates and authorises the caller of a service endpoint from its bearer access token.</summary>
public static class CallerHttpContextExtensions
{
    /// <summary>
    /// The caller of this request, verified from <c>Authorization: Bearer</c>; with <paramref name="role"/>, the caller
    /// must also hold that role.
    /// </summary>
    /// <exception cref="AtriumException"><see cref="ErrorCodes.AuthFailed"/> without a valid token;
    /// <see cref="ErrorCodes.Forbidden"/> without the role.</exception>
    /// <exception cref="InvalidOperationException"><c>AddAccessTokenValidation</c> was not called.</exception>
    public static async Task<Caller> RequireCallerAsync(this HttpContext context, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validator = context.RequestServices.GetService<TokenVerifier<Caller>>()
            ?? throw new InvalidOperationException("Call services.AddAccessTokenValidation() to authenticate callers.");
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            throw new AtriumException(ErrorCodes.AuthFailed, "A bearer access token is required.");
        }

        var (caller, reason) = await validator.VerifyAsync(header["Bearer ".Length..].Trim(), context.RequestAborted).ConfigureAwait(false);
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            throw new AtriumException(ErrorCodes.AuthFailed, $"The access token was refused: {reason}.");
        }

        if (role is not null && !caller.IsInRole(role))
        {
            throw new AtriumException(ErrorCodes.Forbidden, $"This needs the '{role}' role.");
        }

        return caller;
    }
}
