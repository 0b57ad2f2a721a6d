using System.Collections.Concurrent;
using Atrium.Ordering.Application;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// Remembers for <see cref="OrderingOptions.UserCacheTtl"/> the users identity said exist, so that a customer's orders
/// cost one <c>GetUser</c> per interval instead of one each. Only existence is remembered: a user identity does not
/// know is asked about again every time.
/// </summary>
internal sealed class KnownUsersIdentityClient(GrpcIdentityClient identity, OrderingOptions options, TimeProvider time) : IIdentityClient
{
    /// <summary>Users remembered at most; past it the memory starts afresh. 100,000.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<Guid, long> _knownUntil = new();

    public async Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_knownUntil.TryGetValue(userId, out var until) && now < until)
        {
            return true;
        }

        if (!await identity.UserExistsAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (options.UserCacheTtl > TimeSpan.Zero)
        {
            if (_knownUntil.Count >= Capacity)
            {
                _knownUntil.Clear();
            }

            _knownUntil[userId] = now + (long)(options.UserCacheTtl.TotalSeconds * time.TimestampFrequency);
        }

        return true;
    }
}
