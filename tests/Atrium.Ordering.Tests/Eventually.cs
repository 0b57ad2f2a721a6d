namespace Atrium.Ordering.Tests;

/// <summary>Waits for a condition that another component makes true in its own time.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(limit, "the condition never held");
            await Task.Delay(20);
        }
    }
}
