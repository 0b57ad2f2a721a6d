using Atrium.Chassis.Configuration;
using Atrium.Ordering.Application;

namespace Atrium.Ordering.Infrastructure.Clients;

/// <summary>
/// Remembers for <see cref="OrderingOptions.UserCacheTtl"/> the users identity said exist, so that a customer's orders
/// cost one <c>GetUser</c> per interval instead of one each. Only existence is remembered: a user identity does not
/// know is asked about again every time.
/// </summary>
internal sealed class KnownUsersIdentityClient(GrpcIdentityClient identity, LiveOptions<OrderingOptions> live, TimeProvider time) : IIdentityClient
{
    private readonly ExpiringMemory<Guid, bool> _known = new(time);

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (_known.TryGet(userId, out _))
        {
            return true;
        }

        if (!await identity.UserExistsAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _known.Remember(userId, true, live.Current.UserCacheTtl);
        return true;
    }
}
