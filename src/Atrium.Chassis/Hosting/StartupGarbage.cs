namespace Atrium.Chassis.Hosting;

/// <summary>
/// One compacting collection a moment after the modules have started, returning to the system the memory that
/// starting took and no longer needs.
/// </summary>
/// <remarks>
/// Starting allocates far more than it keeps (about 25 MB for <c>atrium-gateway</c>: the config's YAML model and
/// binding, the web hosts' builders, the telemetry setup), and the GC keeps the regions it grew for it committed.
/// An aggressive collection compacts what survived and decommits the rest: about 3 MB of <c>atrium-gateway</c>'s
/// idle RSS (docs/benchmarks.md). It runs once, off the start path, so it costs neither the first response nor
/// steady-state throughput.
/// </remarks>
internal static class StartupGarbage
{
    /// <summary>After "running": long enough for the first requests, so that what they warm up survives it.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>Schedules the collection; disposing the result before <paramref name="delay"/> cancels it.</summary>
    public static ITimer CollectAfter(TimeSpan delay, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return timeProvider.CreateTimer(static _ => Collect(), null, delay, Timeout.InfiniteTimeSpan);
    }

    private static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
