using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.Fakes;
using Atrium.Chassis.Tests.Configuration.TestOptions;
using Atrium.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class ConfigStoreTests : IDisposable
{
    private const string ValidYaml = """
        host:
          workers: 4
        logging:
          level: Information
        gateway:
          routes:
            - id: orders
              cluster: ordering
          clusters:
            ordering:
              endpoints: ["http://127.0.0.1:8104"]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-config-").FullName;
    private readonly ConfigSchema _schema = TestSchemas.Create();
    private readonly ListLogger<ConfigStore> _logger = new();
    private readonly TestMeterFactory _meterFactory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private string FilePath => Path.Combine(_directory, "atrium.yaml");

    public void Dispose()
    {
        _meterFactory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task StartWatching_ReloadableValueChanged_RaisesChangedAndSwapsSnapshot()
    {
        using var store = CreateStore(ValidYaml);
        var initial = store.Current;
        ConfigChangedEventArgs? raised = null;
        store.Changed += (_, e) => raised = e;
        store.StartWatching();

        await File.WriteAllTextAsync(FilePath, ValidYaml.Replace("level: Information", "level: Debug", StringComparison.Ordinal));

        await WhenWatched(() => raised is not null, "the change is raised");
        raised!.ChangedSections.ShouldBe(["logging"]);
        raised.Previous.ShouldBeSameAs(initial);
        raised.Current.ShouldBeSameAs(store.Current);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Debug);
        initial.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Information);
        store.LastReload.Trigger.ShouldBe("file");
    }

    [Fact]
    public async Task StartWatching_EditorSavesByRenameOverFile_AppliesNewValue()
    {
        using var store = CreateStore(ValidYaml);
        store.StartWatching();

        var temporary = Path.Combine(_directory, "atrium.yaml.tmp");
        await File.WriteAllTextAsync(temporary, ValidYaml.Replace("level: Information", "level: Warning", StringComparison.Ordinal));
        File.Move(temporary, FilePath, overwrite: true);

        await WhenWatched(() => store.Current.Get<TestLoggingOptions>("logging").Level == LogLevel.Warning, "the renamed file is applied");
    }

    [Fact]
    public async Task StartWatching_WithoutFileSystemEvents_PollingCatchesChange()
    {
        using var store = CreateStore(ValidYaml);
        store.StartWatching(useFileSystemEvents: false);

        await File.WriteAllTextAsync(FilePath, ValidYaml.Replace("level: Information", "level: Critical", StringComparison.Ordinal));

        await WhenWatched(() => store.Current.Get<TestLoggingOptions>("logging").Level == LogLevel.Critical, "the poll applies the change");
        store.LastReload.Trigger.ShouldBe("file");
    }

    [Fact]
    public async Task StartWatching_PolledFileRewrittenUnchanged_DoesNotReload()
    {
        using var store = CreateStore(ValidYaml);
        store.StartWatching(useFileSystemEvents: false);
        await File.WriteAllTextAsync(FilePath, ValidYaml);

        _time.Advance(ConfigFileWatcher.PollInterval);

        store.LastReload.Trigger.ShouldBe("startup");
    }

    [Fact]
    public async Task StartWatching_InvalidValueWritten_KeepsLastGoodAndCountsFailure()
    {
        using var store = CreateStore(ValidYaml);
        using var metrics = new MetricRecorder(_meterFactory.Meters.Single());
        var initial = store.Current;
        store.StartWatching();

        await File.WriteAllTextAsync(FilePath, ValidYaml.Replace("workers: 4", "workers: many", StringComparison.Ordinal));

        await WhenWatched(() => store.LastReload.Errors.Any(e => e.Path == "host.workers"), "the bad value is refused");
        store.Current.ShouldBeSameAs(initial);
        store.LastReload.Succeeded.ShouldBeFalse();
        store.LastReload.Errors.ShouldContain(new ConfigError("host.workers", "'many' is not an integer", 2, 12));
        metrics.Sum("atrium.config.reload_failures").ShouldBeGreaterThanOrEqualTo(1);
        metrics.Sum("atrium.config.reloads", "result=failure").ShouldBeGreaterThanOrEqualTo(1);
        metrics.LastObserved("atrium.config.last_reload_success").ShouldBe(0);
        _logger.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Message.Contains("host.workers: 'many' is not an integer"));
    }

    [Fact]
    public async Task Reload_StaticSectionChanged_KeepsRunningValueAndWarns()
    {
        using var store = CreateStore(ValidYaml);
        var raised = false;
        store.Changed += (_, _) => raised = true;

        await File.WriteAllTextAsync(FilePath, ValidYaml.Replace("workers: 4", "workers: 16", StringComparison.Ordinal));
        var result = store.Reload();

        result.Succeeded.ShouldBeTrue();
        result.ChangedSections.ShouldBeEmpty();
        result.RestartRequiredSections.ShouldBe(["host"]);
        result.RestartRequiredKeys.ShouldBe(["host.workers"]);
        store.Current.Get<TestHostOptions>("host").Workers.ShouldBe(4);
        raised.ShouldBeFalse();
        _logger.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("'host.workers'"));
    }

    [Fact]
    public async Task Reload_StaticAndReloadableChanged_AppliesOnlyReloadable()
    {
        using var store = CreateStore(ValidYaml);
        var changed = ValidYaml
            .Replace("workers: 4", "workers: 16", StringComparison.Ordinal)
            .Replace("level: Information", "level: Error", StringComparison.Ordinal);

        await File.WriteAllTextAsync(FilePath, changed);
        var result = store.Reload();

        result.Succeeded.ShouldBeTrue();
        result.ChangedSections.ShouldBe(["logging"]);
        result.RestartRequiredSections.ShouldBe(["host"]);
        store.Current.Get<TestHostOptions>("host").Workers.ShouldBe(4);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Error);
    }

    [Fact]
    public async Task Reload_ApiCall_RecordsStatusFromTimeProvider()
    {
        using var store = CreateStore(ValidYaml);
        store.LastReload.AttemptedAt.ShouldBe(_time.GetUtcNow());
        store.LastReload.Trigger.ShouldBe("startup");
        _time.Advance(TimeSpan.FromMinutes(5));

        await File.WriteAllTextAsync(FilePath, "host:\n  workerz: 1\n");
        var result = store.Reload();

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => e.ToString()).ShouldBe(["host.workerz: unknown key 'workerz' (did you mean 'workers'?)"]);
        store.LastReload.AttemptedAt.ShouldBe(_time.GetUtcNow());
        store.LastReload.Trigger.ShouldBe("api");
        store.LastReload.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task Reload_FileTruncatedMidSave_KeepsRunningConfigAndReportsEmptyFile()
    {
        using var store = CreateStore(ValidYaml);
        var running = store.Current;

        await File.WriteAllTextAsync(FilePath, "  \n");
        var result = store.Reload();

        result.Succeeded.ShouldBeFalse();
        result.Errors.Single().Message.ShouldEndWith("is empty; the running config is kept");
        store.Current.ShouldBeSameAs(running);
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Information);
    }

    [Fact]
    public void Reload_NothingChanged_DoesNotRaiseChanged()
    {
        using var store = CreateStore(ValidYaml);
        var initial = store.Current;
        var raised = false;
        store.Changed += (_, _) => raised = true;

        var result = store.Reload();

        result.Succeeded.ShouldBeTrue();
        result.ChangedSections.ShouldBeEmpty();
        raised.ShouldBeFalse();
        store.Current.ShouldBeSameAs(initial);
    }

    [Fact]
    public void Reload_FileDeleted_FailsWithOneError()
    {
        using var store = CreateStore(ValidYaml);
        File.Delete(FilePath);

        var result = store.Reload();

        result.Errors.ShouldHaveSingleItem().Message.ShouldBe($"config file '{FilePath}' does not exist");
        store.Current.Get<TestHostOptions>("host").Workers.ShouldBe(4);
    }

    [Fact]
    public void Reload_EmbeddedSource_DoesNothing()
    {
        var loaded = ConfigLoader.Load(ValidYaml, AtriumConfig.EmbeddedSource, _schema);
        using var store = new ConfigStore(loaded.Config!, _schema, _logger, _time, _meterFactory);

        var result = store.Reload();

        result.Succeeded.ShouldBeTrue();
        store.Current.ShouldBeSameAs(loaded.Config);
        store.LastReload.Trigger.ShouldBe("startup");
    }

    [Fact]
    public async Task Reload_ChangedHandlerThrows_SnapshotStillSwapped()
    {
        using var store = CreateStore(ValidYaml);
        store.Changed += (_, _) => throw new InvalidOperationException("boom");

        await File.WriteAllTextAsync(FilePath, ValidYaml.Replace("level: Information", "level: Debug", StringComparison.Ordinal));
        var result = store.Reload();

        result.Succeeded.ShouldBeTrue();
        store.Current.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Debug);
        _logger.Entries.ShouldContain(e => e.Message == "A config Changed handler threw");
    }

    [Fact]
    public async Task Reload_StartedWithVariables_AppliesThemAgainOnTopOfTheReReadFile()
    {
        File.WriteAllText(FilePath, ValidYaml);
        var environment = new Dictionary<string, string?>
        {
            ["ATRIUM__LOGGING__OVERRIDES__Noisy"] = "Error",
            ["ATRIUM__GATEWAY__CLUSTERS__ORDERING__ENDPOINTS__0"] = "http://10.0.0.1:8104",
        };
        var loaded = ConfigLoader.LoadFile(FilePath, _schema, environment);
        using var store = new ConfigStore(loaded.Config!, _schema, _logger, _time, _meterFactory);

        await File.WriteAllTextAsync(FilePath, ValidYaml
            .Replace("level: Information", "level: Debug", StringComparison.Ordinal)
            .Replace("127.0.0.1:8104", "127.0.0.1:9999", StringComparison.Ordinal));
        var result = store.Reload();

        result.Succeeded.ShouldBeTrue();
        var logging = store.Current.Get<TestLoggingOptions>("logging");
        logging.Level.ShouldBe(LogLevel.Debug);
        logging.Overrides["Noisy"].ShouldBe(LogLevel.Error);
        store.Current.Get<TestGatewayOptions>("gateway").Clusters["ordering"].Endpoints.ShouldBe([new Uri("http://10.0.0.1:8104")]);
    }

    /// <summary>
    /// The watcher's debounce and poll run on the fake clock: each look moves it one debounce on, so the change is
    /// applied however late the file system reports it, and the two-second poll costs no real time.
    /// </summary>
    private Task WhenWatched(Func<bool> condition, string because) =>
        Eventually.UntilAsync(
            () =>
            {
                _time.Advance(ConfigFileWatcher.DebounceDelay);
                return condition();
            },
            because);

    private ConfigStore CreateStore(string yaml)
    {
        File.WriteAllText(FilePath, yaml);
        var loaded = ConfigLoader.LoadFile(FilePath, _schema);
        loaded.Errors.ShouldBeEmpty();
        return new ConfigStore(loaded.Config!, _schema, _logger, _time, _meterFactory);
    }
}
