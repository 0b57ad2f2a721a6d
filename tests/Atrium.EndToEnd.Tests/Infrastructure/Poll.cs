namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; never a fixed sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> is true; throws naming <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null, TimeSpan? interval = null)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (TimeProvider.System.GetUtcNow().UtcDateTime >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}.{Environment.NewLine}{diagnostics?.Invoke()}");
            }

            await Task.Delay(interval ?? Interval);
        }
    }

    /// <summary>Returns the first non-null value of <paramref name="probe"/>; throws naming <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> ForAsync<T>(Func<T?> probe, TimeSpan timeout, string what, Func<string>? diagnostics = null, TimeSpan? interval = null)
        where T : class
    {
        T? found = null;
        await UntilAsync(() => Task.FromResult((found = probe()) is not null), timeout, what, diagnostics, interval);
        return found!;
    }

    /// <summary>Returns the first non-null value of the asynchronous <paramref name="probe"/>; throws naming <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? diagnostics = null, TimeSpan? interval = null)
        where T : class
    {
        T? found = null;
        await UntilAsync(async () => (found = await probe()) is not null, timeout, what, diagnostics, interval);
        return found!;
    }
}
