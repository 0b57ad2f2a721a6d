namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>Polls a condition until it holds or a deadline passes.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? deadline = null)
    {
        var until = TimeProvider.System.GetUtcNow().UtcDateTime + (deadline ?? DefaultDeadline);
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow().UtcDateTime > until)
            {
                throw new TimeoutException($"Timed out waiting until {because}.");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? deadline = null) =>
        TrueAsync(() => Task.FromResult(condition()), because, deadline);
}
