using Atrium.Testing;

namespace Atrium.Tests.Commands;

public sealed class ConfigCenterCommandsTests : IAsyncLifetime
{
    private const string Good = "logging:\n  level: Warning\n";
    private const string Better = "logging:\n  level: Error\n";

    private EtcdServer _etcd = null!;

    public async Task InitializeAsync() => _etcd = await EtcdServer.StartNewAsync();

    public async Task DisposeAsync() => await _etcd.DisposeAsync();

    [Fact]
    public void Push_ValidDocument_WritesItAndPrintsTheRevision()
    {
        var run = Push(Good);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldMatch(@"^/atrium/prod/config: revision \d+\s*$");
        Invoke("history").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public void Push_InvalidDocument_ExitsTwoListingEveryErrorAndWritesNothing()
    {
        var run = Push("logging:\n  level: Loud\ngateway:\n  nope: 1\nconfig:\n  etcd: {}\n");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("etcd:prod@0 line 5 (config): cannot come from the config center");
        run.Error.ShouldContain("etcd:prod@0 line 2 (logging.level): ");
        run.Error.ShouldContain("etcd:prod@0 line 4 (gateway.nope): unknown key 'nope'");
        run.Error.ShouldContain("3 error(s); nothing was written");
        var history = Invoke("history");
        history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
        history.Error.ShouldContain("namespace 'prod' has no document");
    }

    [Fact]
    public void HistoryAndRollback_AfterTwoPushes_ListsBothAndRestoresTheFirst()
    {
        var first = Revision(Push(Good));
        var second = Revision(Push(Better));

        var history = Invoke("history");
        var rollback = Invoke("rollback", "--revision", first.ToString(System.Globalization.CultureInfo.InvariantCulture));

        history.ExitCode.ShouldBe(0, history.Error);
        var rows = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        rows.Select(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([second, first]);
        rows.Select(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([Better.Length, Good.Length]);
        rollback.ExitCode.ShouldBe(0, rollback.Error);
        var restored = Revision(rollback);
        restored.ShouldBeGreaterThan(second);
        var after = Invoke("history").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        after[2].ShouldBe(rows[1][2]);
    }

    [Fact]
    public async Task HistoryAndRollback_AfterCompaction_ListUpToTheCompactionAndRefuseOlderRevisions()
    {
        var first = Revision(Push(Good));
        var second = Revision(Push(Better));
        var third = Revision(Push(Good));
        await _etcd.CompactAsync(second);

        var history = Invoke("history");
        var rollback = Invoke("rollback", "--revision", first.ToString(System.Globalization.CultureInfo.InvariantCulture));

        history.ExitCode.ShouldBe(0, history.Error);
        history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(r => long.Parse(r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe([third, second]);
        rollback.ExitCode.ShouldBe(3);
        rollback.Error.ShouldStartWith("atrium: ETCD_REVISION_COMPACTED: ");
    }

    [Fact]
    public void Rollback_RevisionThatDidNotWriteTheNamespace_ExitsThreeWithTheCode()
    {
        Push(Good);

        var run = Invoke("rollback", "--revision", "1");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith("atrium: ETCD_REVISION_NOT_FOUND: revision 1 did not write namespace 'prod'");
    }

    [Fact]
    public void Push_EtcdUnreachable_ExitsThreeWithTheCodeAndNoStackTrace()
    {
        using var file = new TempConfigFile(Good);

        var run = CliRun.Invoke("config", "push", file.Path, "--namespace", "prod", "--endpoints", $"http://127.0.0.1:{FreePort.Next()}");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith("atrium: ETCD_UNREACHABLE: etcd at http://127.0.0.1:");
        run.Error.TrimEnd().Split('\n').ShouldHaveSingleItem();
    }

    [Fact]
    public void Show_WithConfigEtcd_TagsTheDocumentsValuesWithNamespaceAndRevision()
    {
        var revision = Revision(Push(Good));
        using var file = new TempConfigFile($"config:\n  etcd:\n    endpoints: [\"{_etcd.Endpoint}\"]\n    namespace: prod\nlogging:\n  level: Debug\n");

        var run = CliRun.Invoke("config", "show", "--sources", "--config", file.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.Split('\n').Select(l => l.Trim()).ShouldContain($"level: \"Warning\"  # etcd:prod@{revision}");
    }

    private static long Revision(CliRun run)
    {
        run.ExitCode.ShouldBe(0, run.Error);
        return long.Parse(run.Output.Trim().Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private CliRun Push(string yaml)
    {
        using var file = new TempConfigFile(yaml);
        return Invoke("push", file.Path);
    }

    private CliRun Invoke(params string[] args) =>
        CliRun.Invoke(["config", .. args, "--namespace", "prod", "--endpoints", _etcd.Endpoint]);
}
