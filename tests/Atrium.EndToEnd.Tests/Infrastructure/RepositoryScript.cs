using System.Diagnostics;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a script of this checkout with bash to its end, as a user runs it: from the repository root and
/// without the runner's <c>ATRIUM</c> variables, only those the test gives.</summary>
internal static class RepositoryScript
{
    /// <summary>Runs <paramref name="path"/> (relative to the repository root) with <paramref name="args"/>; kills it
    /// and throws when it has not ended within <paramref name="timeout"/>.</summary>
    public static async Task<ScriptRun> RunAsync(string path, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(RepositoryRoot.File(path));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ATRIUM", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} did not end within {timeout.TotalMinutes} min:{Environment.NewLine}{await stderr}");
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new ScriptRun(process.ExitCode, lines, await stderr);
    }
}
