using System.CommandLine;

namespace Atrium.Commands;

/// <summary>The command line: <c>run</c> (also what a bare <c>atrium</c> does), <c>list-targets</c>, <c>--version</c>, and
/// the executable's own commands (<see cref="HostCommands"/>). Shared by <c>atrium</c> and <c>atrium-gateway</c>.</summary>
internal static class Cli
{
    /// <param name="environment">The process environment: <c>ATRIUM_CONFIG</c> and the <c>ATRIUM__...</c> overrides.</param>
    public static RootCommand Create(IReadOnlyDictionary<string, string?> environment)
    {
        var run = RunCommand.Create(environment);
        var root = new RootCommand("Atrium: an edge API gateway and commerce services in one binary.");
        foreach (var option in run.Options)
        {
            root.Options.Add(option);
        }

        root.Action = run.Action;
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        root.Subcommands.Add(run);
        root.Subcommands.Add(ListTargetsCommand.Create());
        foreach (var command in HostCommands.Create(environment))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
