namespace Atrium.Chassis.Configuration;

/// <summary>
/// Calls back when the config file may have changed: file system events (debounced, because editors save
/// through several rename/replace steps) plus a periodic poll, because watchers miss events on some file
/// systems (network mounts, Kubernetes ConfigMap symlink swaps). The callback decides whether content changed.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    public static readonly TimeSpan DebounceDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly Action _onChange;
    private readonly Action<Exception> _onError;
    private readonly ITimer _debounce;
    private readonly ITimer _poll;
    private readonly FileSystemWatcher? _watcher;
    private volatile bool _disposed;

    // useFileSystemEvents is false only in tests, to prove polling alone catches changes.
    public ConfigFileWatcher(
        string fullPath, TimeProvider timeProvider, Action onChange, Action<Exception> onError, bool useFileSystemEvents = true)
    {
        _onChange = onChange;
        _onError = onError;
        _debounce = timeProvider.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = timeProvider.CreateTimer(_ => Fire(), null, PollInterval, PollInterval);
        _watcher = useFileSystemEvents ? TryCreateWatcher(fullPath) : null;
    }

    public void Dispose()
    {
        _disposed = true;
        _watcher?.Dispose();
        _debounce.Dispose();
        _poll.Dispose();
    }

    private FileSystemWatcher? TryCreateWatcher(string fullPath)
    {
        try
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Schedule();
            watcher.Created += (_, _) => Schedule();
            watcher.Renamed += (_, _) => Schedule();
            watcher.Error += (_, e) => _onError(e.GetException());
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // For example when inotify instances run out; polling still catches changes.
            _onError(ex);
            return null;
        }
    }

    private void Schedule()
    {
        if (!_disposed)
        {
            _debounce.Change(DebounceDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _onChange();
        }
        catch (Exception ex)
        {
            // A timer callback that throws would crash the process.
            _onError(ex);
        }
    }
}
