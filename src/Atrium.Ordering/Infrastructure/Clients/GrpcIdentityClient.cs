using Atrium.Contracts.Identity.V1;
using Atrium.Ordering.Application;
using Grpc.Core;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>Identity over gRPC (<c>atrium.identity.v1</c>).</summary>
internal sealed class GrpcIdentityClient(BranchChannels channels, BranchCall call) : IIdentityClient
{
    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            var user = await call.QueryAsync(
                "identity",
                options => channels.Users.GetUserAsync(new GetUserRequest { Id = userId.ToString() }, options),
                cancellationToken).ConfigureAwait(false);
            return user.Id.Length > 0;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return false;
        }
    }
}
