using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Configuration.TestOptions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Configuration;

/// <summary>Per-key reload of a section that is not reloadable as a whole: its <c>[Reloadable]</c> keys change live.</summary>
public sealed class ConfigStoreReloadableKeysTests : IDisposable
{
    private const string ValidYaml = """
        host:
          workers: 4
        service:
          listen: "http://127.0.0.1:8101"
          limit: 5
          maxLimit: 10
          timeout: 2s
          retry:
            baseDelay: 50ms
            workers: 4
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-config-").FullName;
    private readonly ConfigSchema _schema = new ConfigSchema()
        .Add<TestHostOptions>("host")
        .Add<TestServiceOptions>("service");

    private readonly ListLogger<ConfigStore> _logger = new();
    private readonly TestMeterFactory _meterFactory = new();

    private string FilePath => Path.Combine(_directory, "atrium.yaml");

    public void Dispose()
    {
        _meterFactory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Reload_OnlyLiveKeysChanged_AppliesThemAndRaisesChanged()
    {
        using var store = CreateStore();
        using var live = new LiveOptions<TestServiceOptions>(store, "service");
        ConfigChangedEventArgs? raised = null;
        store.Changed += (_, e) => raised = e;

        var result = Rewrite(store, ("limit: 5", "limit: 3"), ("timeout: 2s", "timeout: 1s"), ("baseDelay: 50ms", "baseDelay: 100ms"));

        result.Succeeded.ShouldBeTrue();
        result.ChangedSections.ShouldBe(["service"]);
        result.ChangedKeys.ShouldBe(["service.limit", "service.timeout", "service.retry.baseDelay"]);
        result.RestartRequiredSections.ShouldBeEmpty();
        result.RestartRequiredKeys.ShouldBeEmpty();
        raised!.ChangedSections.ShouldBe(["service"]);
        live.Current.Limit.ShouldBe(3);
        live.Current.Timeout.ShouldBe(TimeSpan.FromSeconds(1));
        live.Current.Retry.BaseDelay.ShouldBe(TimeSpan.FromMilliseconds(100));
        store.LastReload.ChangedKeys.ShouldBe(result.ChangedKeys);
    }

    [Fact]
    public void Reload_LiveAndRestartOnlyKeysOfOneSection_AppliesLiveKeysAndKeepsTheOthers()
    {
        using var store = CreateStore();
        using var live = new LiveOptions<TestServiceOptions>(store, "service");

        var result = Rewrite(store, ("limit: 5", "limit: 3"), ("8101", "9999"), ("workers: 4\n", "workers: 8\n"), ("    workers: 4", "    workers: 8"));

        result.Succeeded.ShouldBeTrue();
        result.ChangedSections.ShouldBe(["service"]);
        result.ChangedKeys.ShouldBe(["service.limit"]);
        result.RestartRequiredSections.ShouldBe(["host", "service"]);
        result.RestartRequiredKeys.ShouldBe(["host.workers", "service.listen", "service.retry.workers"]);
        store.LastReload.RestartRequiredKeys.ShouldBe(result.RestartRequiredKeys);
        live.Current.Limit.ShouldBe(3);
        live.Current.Listen.ShouldBe("http://127.0.0.1:8101");
        live.Current.Retry.Workers.ShouldBe(4);
        store.Current.Get<TestHostOptions>("host").Workers.ShouldBe(4);
        _logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("'service.listen'"));
        _logger.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Message.Contains("applied: service.limit"));
    }

    [Fact]
    public void Reload_LiveValueBreaksRuleWithKeptRestartOnlyValue_RefusedAndLastGoodKept()
    {
        using var store = CreateStore();
        using var live = new LiveOptions<TestServiceOptions>(store, "service");

        // Valid as written (15 <= 20), but maxLimit needs a restart: running, the limit would be 15 against 10.
        var result = Rewrite(store, ("limit: 5", "limit: 15"), ("maxLimit: 10", "maxLimit: 20"));

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => e.Path).ShouldBe(["service.limit"]);
        live.Current.Limit.ShouldBe(5);
        store.LastReload.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Reload_InvalidLiveValue_RefusedAndLastGoodKept()
    {
        using var store = CreateStore();
        using var live = new LiveOptions<TestServiceOptions>(store, "service");
        Rewrite(store, ("limit: 5", "limit: 3")).Succeeded.ShouldBeTrue();

        var result = Rewrite(store, ("limit: 5", "limit: 11"));

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => e.Path).ShouldBe(["service.limit"]);
        live.Current.Limit.ShouldBe(3);
    }

    private ConfigReloadResult Rewrite(ConfigStore store, params (string From, string To)[] edits)
    {
        var yaml = edits.Aggregate(ValidYaml, (text, edit) => text.Replace(edit.From, edit.To, StringComparison.Ordinal));
        File.WriteAllText(FilePath, yaml);
        return store.Reload();
    }

    private ConfigStore CreateStore()
    {
        File.WriteAllText(FilePath, ValidYaml);
        var loaded = ConfigLoader.LoadFile(FilePath, _schema);
        loaded.Errors.ShouldBeEmpty();
        return new ConfigStore(loaded.Config!, _schema, _logger, TimeProvider.System, _meterFactory);
    }
}
