using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Atrium.Commands;

/// <summary>
/// <c>atrium --version</c>: <c>atrium VERSION (commit SHA)</c>, from this assembly's informational version (the SDK
/// appends the git commit it was built from as <c>+SHA</c>). System.CommandLine's own answer reads the entry
/// assembly, which is the test host when the command line runs in-process, and prints the two run together.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Text(typeof(VersionAction).Assembly));
        return 0;
    }

    /// <summary>The line <c>--version</c> prints for <paramref name="assembly"/>; the commit is <c>unknown</c> when the
    /// build had no git checkout to read it from.</summary>
    public static string Text(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"atrium {informational} (commit unknown)"
            : $"atrium {informational[..plus]} (commit {informational[(plus + 1)..]})";
    }
}
