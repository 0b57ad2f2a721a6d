using Atrium.Chassis.Errors;
using Atrium.Contracts.Identity.V1;
using Atrium.Identity.Application;
using Grpc.Core;

namespace Atrium.Identity.Api;

/// <summary>
/// <c>atrium.identity.v1.Users</c> on the h2c listener: <c>GetUser</c> answers a user's id, email and roles; a
/// malformed id is INVALID_ARGUMENT (<c>x-error-code: VALIDATION_FAILED</c>), an unknown one NOT_FOUND.
/// </summary>
internal sealed class UsersGrpcService(IdentityService identity) : Users.UsersBase
{
    /// <inheritdoc />
    public override async Task<User> GetUser(GetUserRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.Id, out var id))
        {
            throw new AtriumException(ErrorCodes.ValidationFailed, request.Id.Length == 0 ? "Invalid request: id is required." : "Invalid request: id is not a user id.");
        }

        var user = await identity.FindAsync(id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new AtriumException(ErrorCodes.NotFound, $"User '{id}' does not exist.");
        return new User { Id = user.Id.ToString(), Email = user.Email, Roles = { user.Roles } };
    }
}
