using System.CommandLine;

namespace Atrium.Commands;

/// <summary>None: <c>atrium-gateway</c> runs the gateway; <c>config</c> and <c>events</c> are atrium's (the config center
/// commands and the event transport's dead letters need modules this binary leaves out).</summary>
internal static class HostCommands
{
    public static IEnumerable<Command> Create(IReadOnlyDictionary<string, string?> environment) => [];
}
