using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Application;

/// <summary>
/// Delivers one branch call as an unreliable network and a retrying caller would: once, then twice at the same time,
/// and answers what the last copy answered. A branch that holds I5 shows one effect whatever the copies did.
/// </summary>
internal static class Duplicate
{
    public static async Task<BranchResult> SendAsync(Func<Task<BranchResult>> call)
    {
        await call();
        var copies = await Task.WhenAll(call(), call());
        return copies[^1];
    }
}
