using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// The live config: holds the current <see cref="AtriumConfig"/> snapshot and replaces it atomically when the
/// file changes. Reloads validate the whole file with the startup snapshot's environment overrides applied again (a
/// process's environment does not change); a bad file never replaces a good snapshot, and sections not
/// registered as reloadable keep their running values until restart, except their <see cref="ReloadableAttribute"/> keys.
/// </summary>
public sealed class ConfigStore : IDisposable
{
    private readonly ConfigSchema _schema;
    private readonly ILogger<ConfigStore> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConfigMetrics _metrics;
    private readonly Lock _reloadLock = new();
    private volatile AtriumConfig _current;
    private volatile ConfigReloadStatus _lastReload;
    private string? _lastSeenContent;
    private ConfigFileWatcher? _watcher;
    private bool _disposed;

    /// <summary>Creates the store around the snapshot loaded at startup.</summary>
    /// <param name="initial">The startup snapshot; its <see cref="AtriumConfig.Source"/> is the file reloads read.</param>
    /// <param name="schema">The registered sections, which say which sections are reloadable.</param>
    /// <param name="logger">Receives reload outcomes and every error of a failed reload.</param>
    /// <param name="timeProvider">Clock for <see cref="LastReload"/> and the watcher's timers.</param>
    /// <param name="meterFactory">Creates the "Atrium.Config" meter; when <c>null</c> (the default) the store owns a new meter.</param>
    public ConfigStore(
        AtriumConfig initial, ConfigSchema schema, ILogger<ConfigStore> logger, TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _current = initial;
        _schema = schema;
        _logger = logger;
        _timeProvider = timeProvider;
        _lastReload = new ConfigReloadStatus(timeProvider.GetUtcNow(), true, [], ConfigReloadTriggers.Startup);
        _metrics = new ConfigMetrics(meterFactory, () => _lastReload.Succeeded);
        if (!IsEmbedded(initial) && ConfigLoader.TryReadFile(initial.Source, out var text, out _))
        {
            _lastSeenContent = Fingerprint(text);
        }
    }

    /// <summary>Raised after a reload applied new values (reloadable sections, live keys); not raised when none changed.</summary>
    public event EventHandler<ConfigChangedEventArgs>? Changed;

    /// <summary>The current snapshot. Read it once per unit of work: it can be swapped at any moment.</summary>
    public AtriumConfig Current => _current;

    /// <summary>The most recent attempt; at construction, a successful <c>"startup"</c> attempt.</summary>
    public ConfigReloadStatus LastReload => _lastReload;

    internal ConfigMetrics Metrics => _metrics;

    /// <summary>
    /// Re-reads <see cref="AtriumConfig.Source"/>, validates the whole file and applies changed reloadable sections.
    /// Does nothing for <c>"embedded"</c> config. Reloads run one at a time.
    /// </summary>
    /// <returns>The outcome; on failure <see cref="Current"/> is unchanged.</returns>
    public ConfigReloadResult Reload() => ReloadCore(ConfigReloadTriggers.Api, onlyIfContentChanged: false)!;

    /// <summary>
    /// Starts watching the file: file system events (debounced ~250 ms) plus a poll every 2 s comparing content.
    /// Does nothing for <c>"embedded"</c> config or when already watching.
    /// </summary>
    public void StartWatching() => StartWatching(useFileSystemEvents: true);

    internal void StartWatching(bool useFileSystemEvents)
    {
        lock (_reloadLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_watcher is not null || IsEmbedded(_current))
            {
                return;
            }

            var source = _current.Source;
            _watcher = new ConfigFileWatcher(
                source,
                _timeProvider,
                () => ReloadCore(ConfigReloadTriggers.File, onlyIfContentChanged: true),
                ex => ConfigLog.WatchFailed(_logger, source, ex),
                useFileSystemEvents);
            ConfigLog.WatchStarted(_logger, source);
        }
    }

    /// <summary>Stops watching the file; <see cref="Reload"/> still works.</summary>
    public void StopWatching()
    {
        lock (_reloadLock)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Stops watching and releases the meter when the store created it.</summary>
    public void Dispose()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _watcher?.Dispose();
            _metrics.Dispose();
        }
    }

    /// <summary>Returns <c>null</c> when skipped because the content is what was last seen.</summary>
    private ConfigReloadResult? ReloadCore(string trigger, bool onlyIfContentChanged)
    {
        lock (_reloadLock)
        {
            var current = _current;
            if (_disposed || IsEmbedded(current))
            {
                return new ConfigReloadResult(true, [], [], []);
            }

            var read = ConfigLoader.TryReadFile(current.Source, out var text, out var readError);
            if (read && string.IsNullOrWhiteSpace(text))
            {
                // An editor or deploy tool truncates before it writes: applied, an empty file would reset every
                // reloadable section to its defaults (a gateway without routes). Refused, the next write reloads.
                read = false;
                readError = new ConfigError(string.Empty, $"config file '{current.Source}' is empty; the running config is kept", 0, 0);
            }

            var fingerprint = read ? Fingerprint(text) : "unreadable:" + readError.Message;
            if (onlyIfContentChanged && fingerprint == _lastSeenContent)
            {
                return null;
            }

            _lastSeenContent = fingerprint;
            var loaded = read ? ConfigLoader.LoadWithOverrides(text, current.Source, _schema, current.Environment) : new ConfigLoadResult(null, [readError]);
            return loaded.Succeeded ? Apply(current, loaded.Config, trigger) : Fail(current, loaded.Errors, trigger);
        }
    }

    private ConfigReloadResult Apply(AtriumConfig current, AtriumConfig loaded, string trigger)
    {
        var changed = new List<string>();
        var restartRequired = new List<string>();
        var changedKeys = new List<string>();
        var restartRequiredKeys = new List<string>();
        var merged = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in _schema.Sections)
        {
            var running = current.Sections.GetValueOrDefault(section.Name);
            var next = loaded.Sections[section.Name];
            merged[section.Name] = running ?? next;
            if (running is not null && ConfigJsonWriter.WriteSection(running) == ConfigJsonWriter.WriteSection(next))
            {
                continue;
            }

            if (running is null || section.Reloadable)
            {
                changed.Add(section.Name);
                changedKeys.Add(section.Name);
                merged[section.Name] = next;
                continue;
            }

            // Only the section's [Reloadable] keys change live; the others keep their running values in the new object.
            var live = new List<string>();
            var restartOnly = new List<string>();
            ReloadableKeys.Merge(running, next, section.Name, live, restartOnly);
            if (live.Count > 0)
            {
                changed.Add(section.Name);
                changedKeys.AddRange(live);
                merged[section.Name] = next;
            }

            if (restartOnly.Count > 0)
            {
                restartRequired.Add(section.Name);
                restartRequiredKeys.AddRange(restartOnly);
                foreach (var key in restartOnly)
                {
                    ConfigLog.RestartRequired(_logger, key);
                }
            }
        }

        // Rules across keys and sections can break when new live values meet kept restart-only ones, in one section too.
        if (restartRequired.Count > 0 && changed.Count > 0)
        {
            var errors = ConfigValidator.Validate(_schema, merged, loaded.SourceMap);
            if (errors.Count > 0)
            {
                return Fail(current, errors, trigger);
            }
        }

        _lastReload = new ConfigReloadStatus(_timeProvider.GetUtcNow(), true, [], trigger)
        {
            ChangedKeys = changedKeys,
            RestartRequiredKeys = restartRequiredKeys,
        };
        _metrics.RecordSuccess();
        ConfigLog.ReloadSucceeded(_logger, current.Source, trigger, changedKeys.Count == 0 ? "(none)" : string.Join(", ", changedKeys));
        if (changed.Count > 0)
        {
            var next = new AtriumConfig(current.Source, _schema, merged, loaded.SourceMap, current.Environment);
            _current = next;
            RaiseChanged(new ConfigChangedEventArgs(current, next, changed));
        }

        return new ConfigReloadResult(true, [], changed, restartRequired)
        {
            ChangedKeys = changedKeys,
            RestartRequiredKeys = restartRequiredKeys,
        };
    }

    private ConfigReloadResult Fail(AtriumConfig current, IReadOnlyList<ConfigError> errors, string trigger)
    {
        _lastReload = new ConfigReloadStatus(_timeProvider.GetUtcNow(), false, errors, trigger);
        _metrics.RecordFailure();
        ConfigLog.ReloadFailed(_logger, current.Source, trigger, errors.Count);
        foreach (var error in errors)
        {
            ConfigLog.ReloadError(_logger, error.Line, error.Column, error.ToString());
        }

        return new ConfigReloadResult(false, errors, [], []);
    }

    private void RaiseChanged(ConfigChangedEventArgs args)
    {
        try
        {
            Changed?.Invoke(this, args);
        }
        catch (Exception ex)
        {
            // The new snapshot is already current; one faulty subscriber must not fail the reload.
            ConfigLog.ChangedHandlerFailed(_logger, ex);
        }
    }

    private static bool IsEmbedded(AtriumConfig config) => config.Source == AtriumConfig.EmbeddedSource;

    private static string Fingerprint(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
