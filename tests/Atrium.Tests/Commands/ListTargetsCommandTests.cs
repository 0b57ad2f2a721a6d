namespace Atrium.Tests.Commands;

public class ListTargetsCommandTests
{
    [Fact]
    public void Invoke_ListTargets_PrintsEveryPublicModuleOnePerLine()
    {
        var run = CliRun.Invoke("list-targets");

        run.ExitCode.ShouldBe(0);
        run.Error.ShouldBeEmpty();
        var names = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0])
            .ToList();
        names.ShouldBe([Modules.Identity, Modules.Catalog, Modules.Payments, Modules.Ordering, Modules.Gateway, Modules.All]);
    }

    [Fact]
    public void Invoke_ListTargets_ShowsWhatAllContainsAndHidesRuntimeConfig()
    {
        var run = CliRun.Invoke("list-targets");

        run.Output.ShouldContain("(identity, catalog, payments, ordering, gateway)");
        run.Output.ShouldNotContain(Modules.RuntimeConfig);
    }
}
