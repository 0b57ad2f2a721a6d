namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One <c>atrium run --target=all</c> on free ports, every service on its SQLite file, ready before the first test of
/// the class runs.
/// </summary>
public class AtriumAllFixture : IAsyncLifetime
{
    internal AtriumPorts Ports { get; private set; } = AtriumPorts.Allocate();

    internal AtriumProcess Process { get; private set; } = null!;

    // Well past any one request's time under a 200-order storm on a saturated machine, and past the longest wait.
    internal HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Process = AtriumProcess.Run(await ConfigAsync(), "--target=all");
            try
            {
                await Process.WaitUntilReadyAsync(Http, [.. Ports.Services.Select(s => s.Port), Ports.Admin]);
                return;
            }
            catch (InvalidOperationException) when (Process.HasExited && attempt < 3)
            {
                // Ten ports are picked free and released before atrium binds them; with suites starting servers in
                // parallel, one can be taken in between, and atrium then exits at start. Start again on fresh ports.
                Process.Dispose();
                Ports = AtriumPorts.Allocate();
            }
        }
    }

    /// <summary>The <c>atrium.yaml</c> to run.</summary>
    protected virtual Task<string> ConfigAsync() => Task.FromResult(AtriumConfig.Yaml(Ports));

    public Task DisposeAsync()
    {
        Process?.Dispose();
        Http.Dispose();
        return Task.CompletedTask;
    }
}
