using Atrium.Chassis.Errors;
using Atrium.Contracts.Identity.V1;
using Atrium.Identity.Application;
using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Identity.Api;

/// <summary>
/// Identity's internal gRPC API (<see cref="IdentityRpcMethods"/>): <c>GetUser</c> answers a user's id, email and
/// roles; a malformed id is INVALID_ARGUMENT (<c>x-error-code: VALIDATION_FAILED</c>), an unknown one NOT_FOUND.
/// </summary>
internal static class IdentityRpcEndpoints
{
    public static IEndpointRouteBuilder MapIdentityRpcServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRpcService(service => service.MapUnary(IdentityRpcMethods.GetUser, GetUserAsync));
        return endpoints;
    }

    private static async Task<User> GetUserAsync(GetUserRequest request, RpcServerContext context)
    {
        if (!Guid.TryParse(request.Id, out var id))
        {
            throw new AtriumException(ErrorCodes.ValidationFailed, request.Id.Length == 0 ? "Invalid request: id is required." : "Invalid request: id is not a user id.");
        }

        var identity = context.HttpContext.RequestServices.GetRequiredService<IdentityService>();
        var user = await identity.FindAsync(id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new AtriumException(ErrorCodes.NotFound, $"User '{id}' does not exist.");
        return new User { Id = user.Id.ToString(), Email = user.Email, Roles = { user.Roles } };
    }
}
