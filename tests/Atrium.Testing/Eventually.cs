namespace Atrium.Testing;

/// <summary>
/// Waits for a condition that another component makes true in its own time: polls it until it holds, and fails naming
/// what was awaited once a deadline passes. The deadline is generous on purpose (a busy machine only makes the wait
/// longer, never the test wrong); a condition that holds returns at once, so the length costs nothing when green.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition is given unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="because"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null, Func<string>? diagnostics = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting for: {because}.{(diagnostics is null ? "" : Environment.NewLine + diagnostics())}");
            }

            await Task.Delay(interval ?? Interval).ConfigureAwait(false);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="because"/> at the deadline.</summary>
    public static Task UntilAsync(Func<bool> condition, string because, TimeSpan? timeout = null, Func<string>? diagnostics = null, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), because, timeout, diagnostics, interval);

    /// <summary>Returns the first non-null value of <paramref name="probe"/>; throws naming <paramref name="because"/> at the deadline.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string because, TimeSpan? timeout = null, Func<string>? diagnostics = null, TimeSpan? interval = null)
        where T : class
    {
        T? found = null;
        await UntilAsync(async () => (found = await probe().ConfigureAwait(false)) is not null, because, timeout, diagnostics, interval).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Returns the first non-null value of <paramref name="probe"/>; throws naming <paramref name="because"/> at the deadline.</summary>
    public static Task<T> ValueAsync<T>(Func<T?> probe, string because, TimeSpan? timeout = null, Func<string>? diagnostics = null, TimeSpan? interval = null)
        where T : class =>
        ValueAsync(() => Task.FromResult(probe()), because, timeout, diagnostics, interval);
}
