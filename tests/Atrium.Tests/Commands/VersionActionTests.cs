using System.Reflection;
using System.Text.RegularExpressions;
using Atrium.Commands;
using Atrium.Testing;

namespace Atrium.Tests.Commands;

public partial class VersionActionTests
{
    [Fact]
    public void Invoke_Version_PrintsAtriumsVersionAndTheGitCommitItWasBuiltFrom()
    {
        var run = CliRun.Invoke("--version");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        var match = VersionLine().Match(run.Output.TrimEnd());
        match.Success.ShouldBeTrue(run.Output);
        match.Groups["version"].Value.ShouldBe(typeof(Cli).Assembly.GetName().Version!.ToString(3));
        // This checkout is a git work tree, so the build knows its commit: the test's own view of HEAD is the same.
        match.Groups["commit"].Value.ShouldBe(GitCheckout.Head());
    }

    [Theory]
    [InlineData("1.2.3+0123abcd", "atrium 1.2.3 (commit 0123abcd)")]
    [InlineData("1.2.3-rc.1+0123abcd", "atrium 1.2.3-rc.1 (commit 0123abcd)")]
    [InlineData("1.2.3", "atrium 1.2.3 (commit unknown)")]
    public void Text_InformationalVersion_SplitsVersionFromCommit(string informational, string expected) =>
        VersionAction.Text(new InformationalAssembly(informational)).ShouldBe(expected);

    [GeneratedRegex(@"^atrium (?<version>\d+\.\d+\.\d+\S*) \(commit (?<commit>[0-9a-f]{40})\)$")]
    private static partial Regex VersionLine();

    private sealed class InformationalAssembly(string informational) : Assembly
    {
        public override object[] GetCustomAttributes(Type attributeType, bool inherit) =>
            attributeType == typeof(AssemblyInformationalVersionAttribute)
                ? new Attribute[] { new AssemblyInformationalVersionAttribute(informational) }
                : Array.Empty<Attribute>();
    }
}
