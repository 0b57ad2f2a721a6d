namespace Atrium.Load;

/// <summary>
/// Starts iterations for the warm-up and the measured window: closed loop (<c>--concurrency</c> clients, each going
/// again as soon as its iteration ends) or open loop (<c>--rate</c> starts a second on a fixed schedule, whether or
/// not earlier ones have finished). When the window ends no new iteration starts, and the ones running finish, so that
/// every order placed is followed to its final state.
/// </summary>
internal sealed class LoadDriver(LoadSettings settings, ScenarioSteps steps, LoadStats stats, TimeProvider time)
{
    private long _next = -1;

    /// <summary>Runs the warm-up and the measured window; returns once the last iteration has finished.</summary>
    public async Task RunAsync(ServerProbe probe, CancellationToken cancellationToken)
    {
        using var stop = new CancellationTokenSource();
        if (settings.Warmup == TimeSpan.Zero)
        {
            // Before the first iteration starts, so that its first order is counted.
            await probe.StartAsync().ConfigureAwait(false);
            stats.Start();
        }

        var started = settings.OpenLoop ? OpenLoopAsync(stop.Token) : ClosedLoopAsync(stop.Token);
        if (settings.Warmup > TimeSpan.Zero)
        {
            await Task.Delay(settings.Warmup, time, cancellationToken).ConfigureAwait(false);
            await probe.StartAsync().ConfigureAwait(false);
            stats.Start();
        }

        await Task.Delay(settings.Duration, time, cancellationToken).ConfigureAwait(false);
        stats.Stop();
        // No new iteration from here on, before the probe reads the server: an iteration started after the window
        // returns at once, and a client loop left running would spin on that, taking the threads that the probe's
        // reads and the last orders' looks need.
        await stop.CancelAsync().ConfigureAwait(false);
        await probe.StopAsync().ConfigureAwait(false);
        await started.ConfigureAwait(false);
    }

    private Task ClosedLoopAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async client =>
    {
        // Client i keeps customer i mod users and product i mod products, as bench/OrdersBench did.
        long index = client;
        while (!stop.IsCancellationRequested && !stats.Finished)
        {
            await steps.RunAsync(index, null, CancellationToken.None).ConfigureAwait(false);
            index += settings.Concurrency;
        }
    }));

    private async Task OpenLoopAsync(CancellationToken stop)
    {
        var running = new List<Task>();
        var origin = time.GetTimestamp();
        var interval = TimeSpan.FromSeconds(1 / settings.Rate!.Value);
        while (!stop.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref _next);
            // From the schedule, not from when the previous start went out: a late wake-up starts every overdue
            // iteration at once, each timed from when it was due.
            var due = origin + (long)(index * interval.TotalSeconds * time.TimestampFrequency);
            var wait = time.GetElapsedTime(time.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(() => steps.RunAsync(index, due, CancellationToken.None), CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }
}
