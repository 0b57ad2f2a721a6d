using System.CommandLine;
using Atrium.Commands;

namespace Atrium.Tests.Commands;

/// <summary>Runs the command line in process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Invoke(params string[] args) => InvokeWith(new Dictionary<string, string?>(), args);

    /// <summary>Runs with <paramref name="environment"/> as the process environment, which the test's own never leaks into.</summary>
    public static CliRun InvokeWith(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Cli.Create(environment).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
