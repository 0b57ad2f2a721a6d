using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Configuration.TestOptions;
using Atrium.Testing;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Configuration.Etcd;

public sealed class ConfigCenterSourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-etcd-config-").FullName;
    private readonly ConfigSchema _schema = new ConfigSchema()
        .Add<AtriumHostOptions>(AtriumHostOptions.Section)
        .Add<ConfigCenterOptions>(ConfigCenterOptions.Section)
        .Add<TestLoggingOptions>("logging", reloadable: true);

    private readonly ListLogger<ConfigStore> _logger = new();
    private readonly TestMeterFactory _meterFactory = new();
    private EtcdServer _etcd = null!;

    public async Task InitializeAsync() => _etcd = await EtcdServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _etcd.DisposeAsync();
        _meterFactory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task LoadAsync_DocumentInEtcd_LayersItOverTheFileAndUnderTheOverrides()
    {
        await PutAsync("logging:\n  level: Warning\n  overrides:\n    Atrium.Gateway: Error\n");
        var bootstrap = Bootstrap("logging:\n  level: Debug\n  overrides:\n    Atrium.Identity: Trace\n", ["ATRIUM__LOGGING__OVERRIDES__ATRIUM.GATEWAY=Critical"]);

        var (result, source, document) = await ConfigCenterSource.LoadAsync(bootstrap, string.Empty, _logger, default);
        using var _ = source;

        result.Errors.ShouldBeEmpty();
        var logging = result.Config!.Get<TestLoggingOptions>("logging");
        logging.Level.ShouldBe(LogLevel.Warning);
        logging.Overrides["Atrium.Identity"].ShouldBe(LogLevel.Trace);
        logging.Overrides["Atrium.Gateway"].ShouldBe(LogLevel.Critical);
        result.Config.ToRedactedYaml(withSources: true).ShouldContain($"level: \"Warning\"  # etcd:test@{document!.Revision}");
        File.Exists(ConfigCenterCache.PathOf(DataDirectory, "test")).ShouldBeTrue();
    }

    [Fact]
    public async Task LoadAsync_DocumentSetsTheConfigSection_IsAnErrorNamingTheDocument()
    {
        var revision = await PutAsync("config:\n  etcd:\n    namespace: other\n");

        var (result, source, _) = await ConfigCenterSource.LoadAsync(Bootstrap(string.Empty), string.Empty, _logger, default);
        using var _ = source;

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ToString().ShouldStartWith($"etcd:test@{revision} line 1 (config): cannot come from the config center");
    }

    [Fact]
    public async Task Watch_DocumentPut_AppliedWithItsRevision()
    {
        await PutAsync("logging:\n  level: Warning\n");
        using var store = await StartStoreAsync();
        var changed = new TaskCompletionSource<ConfigChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += (_, e) => changed.TrySetResult(e);

        var revision = await PutAsync("logging:\n  level: Error\n");

        (await changed.Task.WaitAsync(Generous)).ChangedSections.ShouldBe(["logging"]);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Error);
        store.ConfigCenter!.AppliedRevision.ShouldBe(revision);
        store.LastReload.Trigger.ShouldBe("etcd");
        await Eventually.UntilAsync(() => ConfigCenterCache.TryRead(DataDirectory, "test")?.Revision == revision, "the cache holds the new revision", Generous);
    }

    [Fact]
    public async Task Watch_BadDocumentPut_RejectedAndTheLastGoodKept()
    {
        var good = await PutAsync("logging:\n  level: Warning\n");
        using var store = await StartStoreAsync();

        var bad = await PutAsync("logging:\n  level: Loud\n");

        await Eventually.UntilAsync(() => store.ConfigCenter!.LastSeenRevision == bad, "the bad revision is seen", Generous);
        store.LastReload.Succeeded.ShouldBeFalse();
        store.LastReload.Errors.ShouldHaveSingleItem().Variable.ShouldBe($"etcd:test@{bad} line 2");
        store.ConfigCenter!.AppliedRevision.ShouldBe(good);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Warning);
        ConfigCenterCache.TryRead(DataDirectory, "test")!.Revision.ShouldBe(good);
    }

    [Fact]
    public async Task Watch_ChangeWhileEtcdWasDown_AppliedWhenItIsBack()
    {
        await PutAsync("logging:\n  level: Warning\n");
        using var store = await StartStoreAsync();

        await _etcd.StopAsync();
        await Eventually.UntilAsync(() => !store.ConfigCenter!.Connected, "the watch notices etcd is gone", Generous);
        await _etcd.StartAsync();
        var revision = await PutAsync("logging:\n  level: Critical\n");
        var second = await PutAsync("logging:\n  level: Error\n");

        await Eventually.UntilAsync(() => store.ConfigCenter!.AppliedRevision == second, "the revision written meanwhile is applied", Generous);
        revision.ShouldBeLessThan(second);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Error);
        store.LastReload.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Watch_ChangesWhileTheWatchWasCutOff_EveryOneAppliedOnceItReconnects()
    {
        await PutAsync("logging:\n  level: Warning\n");
        await using var relay = new TcpRelay(_etcd.ClientPort);
        using var store = await StartStoreAsync($"http://127.0.0.1:{relay.Port}");
        var applied = new List<LogLevel>();
        store.Changed += (_, e) => applied.Add(e.Current.Get<TestLoggingOptions>("logging").Level);

        relay.Cut();
        await Eventually.UntilAsync(() => !store.ConfigCenter!.Connected, "the watch notices etcd is gone", Generous);
        await PutAsync("logging:\n  level: Critical\n");
        var last = await PutAsync("logging:\n  level: Error\n");
        relay.Restore();

        await Eventually.UntilAsync(() => store.ConfigCenter!.AppliedRevision == last, "the last revision is applied", Generous);
        applied.ShouldBe([LogLevel.Critical, LogLevel.Error]);
        store.ConfigCenter!.Connected.ShouldBeTrue();
    }

    [Fact]
    public async Task Watch_MissedRevisionsCompactedWhileCutOff_AppliesTheCurrentDocument()
    {
        await PutAsync("logging:\n  level: Warning\n");
        await using var relay = new TcpRelay(_etcd.ClientPort);
        using var store = await StartStoreAsync($"http://127.0.0.1:{relay.Port}");

        relay.Cut();
        await Eventually.UntilAsync(() => !store.ConfigCenter!.Connected, "the watch notices etcd is gone", Generous);
        await PutAsync("logging:\n  level: Critical\n");
        var last = await PutAsync("logging:\n  level: Error\n");
        await _etcd.CompactAsync(last);
        relay.Restore();

        await Eventually.UntilAsync(() => store.ConfigCenter!.AppliedRevision == last, "the last revision is applied", Generous);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Error);
    }

    [Fact]
    public async Task LoadAsync_EtcdDownWithACachedDocument_StartsFromTheCacheAndCatchesUpWhenEtcdIsBack()
    {
        var cached = await PutAsync("logging:\n  level: Warning\n");
        (await ConfigCenterSource.LoadAsync(Bootstrap(string.Empty), string.Empty, _logger, default)).Source!.Dispose();
        await _etcd.StopAsync();

        using var store = await StartStoreAsync();

        store.ConfigCenter!.FromCache.ShouldBeTrue();
        store.ConfigCenter.AppliedRevision.ShouldBe(cached);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Warning);
        await new ConfigCenterHealthCheck(store).CheckHealthAsync(new()).ContinueWith(t => t.Result.Description.ShouldBe($"source: cache, etcd:test@{cached} (cache); etcd unreachable, watching to catch up"));
        await _etcd.StartAsync();
        var next = await PutAsync("logging:\n  level: Error\n");
        await Eventually.UntilAsync(() => store.ConfigCenter!.AppliedRevision == next, "the next revision is applied", Generous);
        store.ConfigCenter!.FromCache.ShouldBeFalse();
    }

    [Fact]
    public async Task LoadAsync_EtcdDownAndNothingCached_ThrowsUnreachableNamingTheCache()
    {
        await _etcd.StopAsync();

        var thrown = await Should.ThrowAsync<ConfigCenterException>(() => ConfigCenterSource.LoadAsync(Bootstrap(string.Empty), string.Empty, _logger, default));

        thrown.Code.ShouldBe(ConfigCenterException.Unreachable);
        thrown.Message.ShouldContain("no cached document of namespace 'test'");
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    private AtriumConfig Bootstrap(string fileYaml, IEnumerable<string>? set = null, string? endpoint = null)
    {
        var path = Path.Combine(_directory, "atrium.yaml");
        File.WriteAllText(path, $"""
            host:
              dataDirectory: {DataDirectory}
            config:
              etcd:
                endpoints: ["{endpoint ?? _etcd.Endpoint}"]
                namespace: test
            {fileYaml}
            """);
        var environment = (set ?? []).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
        var loaded = ConfigLoader.LoadFile(path, _schema, ConfigEnvironment.From(environment));
        loaded.Errors.ShouldBeEmpty();
        return loaded.Config!;
    }

    private async Task<ConfigStore> StartStoreAsync(string? endpoint = null)
    {
        var (result, source, document) = await ConfigCenterSource.LoadAsync(Bootstrap(string.Empty, endpoint: endpoint), string.Empty, _logger, default);
        result.Errors.ShouldBeEmpty();
        var store = new ConfigStore(result.Config!, _schema, _logger, TimeProvider.System, _meterFactory);
        store.UseConfigCenter(source!, document!);
        store.StartWatching();
        return store;
    }

    private async Task<long> PutAsync(string yaml)
    {
        using var client = new EtcdConfigClient(new EtcdOptions { Endpoints = [_etcd.Endpoint], Namespace = "test" });
        return await client.PutAsync("test", yaml, default);
    }
}
