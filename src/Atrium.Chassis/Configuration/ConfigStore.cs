using System.Diagnostics.Metrics;
using Atrium.Chassis.Configuration.Etcd;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// The live config: holds the current <see cref="AtriumConfig"/> snapshot and replaces it atomically when the
/// file or the config center's document changes (the applied etcd document is layered again on every reload).
/// Reloads validate the whole file with the startup snapshot's environment overrides applied again (a
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
    private ConfigCenterWatcher? _centerWatcher;
    private ConfigCenterSource? _centerSource;
    private ConfigCenterDocument? _centerDocument;
    private volatile ConfigCenterStatus? _center;
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
        _metrics = new ConfigMetrics(meterFactory, () => _lastReload.Succeeded, () => _center?.FromCache == true);
        if (!IsEmbedded(initial) && ConfigLoader.TryReadFile(initial.Source, out var text, out _))
        {
            _lastSeenContent = Seen(text);
        }
    }

    /// <summary>Raised after a reload applied new values (reloadable sections, live keys); not raised when none changed.</summary>
    public event EventHandler<ConfigChangedEventArgs>? Changed;

    /// <summary>The current snapshot. Read it once per unit of work: it can be swapped at any moment.</summary>
    public AtriumConfig Current => _current;

    /// <summary>The most recent attempt; at construction, a successful <c>"startup"</c> attempt.</summary>
    public ConfigReloadStatus LastReload => _lastReload;

    /// <summary>The config center's state when the config came with an etcd document; <c>null</c> otherwise.</summary>
    public ConfigCenterStatus? ConfigCenter => _center;

    internal ConfigMetrics Metrics => _metrics;

    /// <summary>
    /// Records that <see cref="Current"/> was loaded with <paramref name="applied"/> from the config center, so that
    /// reloads layer the newest applied document again and <see cref="StartWatching()"/> watches the namespace.
    /// </summary>
    internal void UseConfigCenter(ConfigCenterSource source, ConfigCenterDocument applied)
    {
        lock (_reloadLock)
        {
            _centerSource = source;
            _center = new ConfigCenterStatus(applied.Namespace, applied.Revision, applied.Revision, applied.FromCache, !applied.FromCache);
            _centerDocument = applied;
        }
    }

    /// <summary>Validates the whole config with <paramref name="document"/> in place of the last one and applies it.</summary>
    internal ConfigReloadResult ApplyCenterDocument(ConfigCenterDocument document) =>
        ReloadCore(ConfigReloadTriggers.Etcd, onlyIfContentChanged: false, document)!;

    /// <summary>etcd answered with the revision in effect: a cached document is now confirmed.</summary>
    internal void ConfirmCenterRevision(long revision)
    {
        var center = _center;
        if (center is not null && center.AppliedRevision == revision)
        {
            _center = center with { FromCache = false, Connected = true };
        }
    }

    internal void SetCenterConnected(bool connected)
    {
        var center = _center;
        if (center is not null && center.Connected != connected)
        {
            _center = center with { Connected = connected };
        }
    }

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
            if (_centerSource is not null && _centerWatcher is null)
            {
                _centerWatcher = new ConfigCenterWatcher(_centerSource, this, _center!.LastSeenRevision, _logger, _timeProvider);
            }

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
        ConfigCenterWatcher? centerWatcher;
        lock (_reloadLock)
        {
            _watcher?.Dispose();
            _watcher = null;
            centerWatcher = _centerWatcher;
            _centerWatcher = null;
        }

        // Outside the lock: the watch loop may be waiting for it to apply a document, and stopping waits for the loop.
        centerWatcher?.Dispose();
    }

    /// <summary>Stops watching and releases the meter when the store created it.</summary>
    public void Dispose()
    {
        ConfigCenterWatcher? centerWatcher;
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _watcher?.Dispose();
            _metrics.Dispose();
            centerWatcher = _centerWatcher;
            _centerWatcher = null;
        }

        // Outside the lock, as in StopWatching; a reload it was waiting for now sees _disposed and does nothing.
        centerWatcher?.Dispose();
    }

    /// <summary>Returns <c>null</c> when skipped because the content is what was last seen.</summary>
    private ConfigReloadResult? ReloadCore(string trigger, bool onlyIfContentChanged, ConfigCenterDocument? document = null)
    {
        lock (_reloadLock)
        {
            var current = _current;
            var center = document ?? _centerDocument;
            if (_disposed || (IsEmbedded(current) && center is null))
            {
                return new ConfigReloadResult(true, [], [], []);
            }

            // With a config center and no file, the document goes over the embedded defaults.
            var text = _centerSource?.EmbeddedText ?? string.Empty;
            var readError = default(ConfigError)!;
            var read = IsEmbedded(current) || ConfigLoader.TryReadFile(current.Source, out text, out readError);
            if (read && string.IsNullOrWhiteSpace(text))
            {
                // An editor or deploy tool truncates before it writes: applied, an empty file would reset every
                // reloadable section to its defaults (a gateway without routes). Refused, the next write reloads.
                read = false;
                readError = new ConfigError(string.Empty, $"config file '{current.Source}' is empty; the running config is kept", 0, 0);
            }

            var seen = read ? Seen(text) : "unreadable:" + readError.Message;
            if (onlyIfContentChanged && seen == _lastSeenContent)
            {
                return null;
            }

            _lastSeenContent = seen;
            var loaded = read
                ? ConfigLoader.LoadWithOverrides(text, current.Source, _schema, current.Environment, center)
                : new ConfigLoadResult(null, [readError]);
            var result = loaded.Succeeded ? Apply(current, loaded.Config, trigger) : Fail(current, loaded.Errors, trigger);
            if (document is not null)
            {
                NoteCenterDocument(document, result.Succeeded);
            }

            return result;
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

    private void NoteCenterDocument(ConfigCenterDocument document, bool applied)
    {
        var center = _center!;
        if (applied)
        {
            _centerDocument = document;
            _center = center with { AppliedRevision = document.Revision, LastSeenRevision = document.Revision, FromCache = document.FromCache };
            ConfigLog.CenterDocumentApplied(_logger, document.Label);
        }
        else
        {
            _center = center with { LastSeenRevision = document.Revision };
            ConfigLog.CenterDocumentRejected(_logger, document.Label, center.AppliedRevision);
        }
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

    // The text itself rather than a hash of it: SHA-256 loads OpenSSL (about 4 MB of atrium-gateway's idle RSS,
    // docs/benchmarks.md), which an equality check on a file of a few kilobytes, every poll, does not need.
    private static string Seen(string text) => "read:" + text;
}
