namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>What a script printed and how it ended.</summary>
internal sealed record ScriptRun(int ExitCode, IReadOnlyList<string> Stdout, string Stderr)
{
    /// <summary>Everything it printed, for failure messages.</summary>
    public string Transcript() =>
        $"--- exit code {ExitCode}{Environment.NewLine}--- stdout{Environment.NewLine}{string.Join(Environment.NewLine, Stdout)}"
        + $"{Environment.NewLine}--- stderr{Environment.NewLine}{Stderr}";
}
