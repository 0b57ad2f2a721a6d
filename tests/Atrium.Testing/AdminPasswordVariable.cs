namespace Atrium.Testing;

/// <summary>
/// Starts an identity module with <c>ATRIUM_ADMIN_PASSWORD</c> set, which its bootstrap reads at start. A process has
/// one environment and xunit starts collections' fixtures in parallel, so fixtures take turns here: without them one
/// fixture's clean-up unset the variable while another's identity was starting, its administrator got a generated
/// password, and every test of that fixture failed to sign in (seen on a busy machine only).
/// </summary>
public static class AdminPasswordVariable
{
    private const string Name = "ATRIUM_ADMIN_PASSWORD";

    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>Runs <paramref name="start"/> with the variable set to <paramref name="password"/>, alone; unsets it after.</summary>
    public static async Task<T> WithAsync<T>(string password, Func<Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        await Turn.WaitAsync();
        Environment.SetEnvironmentVariable(Name, password);
        try
        {
            return await start();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Name, null);
            Turn.Release();
        }
    }
}
