using Atrium.Contracts.Identity.V1;
using Atrium.Contracts.Rpc;
using Atrium.Rpc;

namespace Atrium.Identity.Api;

/// <summary>
/// The method descriptors of identity's internal gRPC API (<c>atrium/identity/v1/identity.proto</c>):
/// <c>atrium.identity.v1.Users</c>, served on the h2c listener.
/// </summary>
internal static class IdentityRpcMethods
{
    /// <summary><c>Users/GetUser</c>: one user's id, email and roles.</summary>
    public static readonly RpcMethod<GetUserRequest, User> GetUser =
        new(RpcMethodType.Unary, RpcServices.IdentityUsers, "GetUser", GetUserRequest.Parser, User.Parser);
}
