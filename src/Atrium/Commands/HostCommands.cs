using System.CommandLine;
using Atrium.Load;

namespace Atrium.Commands;

/// <summary>The commands <c>atrium</c> has beside <c>run</c> and <c>list-targets</c>: <c>config</c> (validate, show and the
/// etcd config center), <c>events</c> and <c>load</c>; <c>atrium-gateway</c> has none of these.</summary>
internal static class HostCommands
{
    public static IEnumerable<Command> Create(IReadOnlyDictionary<string, string?> environment) =>
        [ConfigValidateCommand.Create(environment), EventsCommand.Create(environment), LoadCommand.Create(environment)];
}
