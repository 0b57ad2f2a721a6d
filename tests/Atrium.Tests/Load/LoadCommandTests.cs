using Atrium.Tests.Commands;
using Atrium.Testing;

namespace Atrium.Tests.Load;

public sealed class LoadCommandTests
{
    [Theory]
    [InlineData("--url", "--url", "required")]
    [InlineData("--url ftp://example.com", "--url", "not an http:// or https:// URL")]
    [InlineData("--url http://127.0.0.1:1 --scenario checkout", "--scenario", "'checkout' is not one of browse, shop, mix, order")]
    [InlineData("--url http://127.0.0.1:1 --rate 10 --concurrency 5", "--rate and --concurrency", "give one")]
    [InlineData("--url http://127.0.0.1:1 --rate -3", "--rate", "not a positive number")]
    [InlineData("--url http://127.0.0.1:1 --concurrency 0", "--concurrency", "at least 1")]
    [InlineData("--url http://127.0.0.1:1 --duration soon", "--duration", "not a duration")]
    [InlineData("--url http://127.0.0.1:1 --duration 0s", "--duration", "above zero")]
    [InlineData("--url http://127.0.0.1:1 --users many", "--users", "not a whole number")]
    [InlineData("--url http://127.0.0.1:1 --report /no/such/dir/r.json", "--report", "directory does not exist")]
    [InlineData("--url http://127.0.0.1:1 --server-pid abc", "--server-pid", "'abc' is not valid")]
    public void Invoke_BadArgument_ExitsTwoNamingTheOption(string arguments, string option, string message)
    {
        var args = arguments == "--url" ? ["load"] : (string[])["load", .. arguments.Split(' ')];

        var run = CliRun.Invoke(args);

        run.ExitCode.ShouldBe(2, run.Error);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldContain($"atrium load: {option}: ");
        run.Error.ShouldContain(message);
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Invoke_UnreachableUrl_ExitsOneSayingSo()
    {
        var run = CliRun.Invoke("load", "--url", FreePort.ClosedAddress(), "--scenario", "browse", "--duration", "1s");

        run.ExitCode.ShouldBe(1, run.Error);
        run.Error.ShouldContain("no answer from the target");
    }
}
