using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The decision cache of a route's external authorization (<c>gateway.routes[i].extAuthz.cache</c>): the service's
/// allow or deny answers (never its failures) kept per key for <see cref="Ttl"/>. A reload empties it.
/// </summary>
public sealed class ExtAuthzCacheConfig
{
    /// <summary>How long a decision is kept; 0 turns the cache off. Default 0.</summary>
    [DurationRange("00:00:00", "1.00:00:00")]
    public TimeSpan Ttl { get; set; }

    /// <summary>
    /// What identifies a decision: <c>subject</c>, <c>method</c>, <c>path</c>, <c>query</c> and <c>header:NAME</c>. It
    /// must cover everything the service decides on. Default <c>[subject, method, path]</c>.
    /// </summary>
    [MinItems(1, ErrorMessage = "needs at least one part")]
    public List<string> Key { get; set; } = ["subject", "method", "path"];

    /// <summary>Most decisions kept; a full cache is emptied before the next one is added. Default 10000.</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 10_000;
}
