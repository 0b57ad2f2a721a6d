using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// Watches a namespace's key and hands each written document to the store. When the connection drops it keeps the
/// running config, reconnects with backoff (0.5 s doubling to 5 s) and watches again from the last seen revision + 1,
/// so a change made meanwhile is applied when etcd is back.
/// </summary>
internal sealed class ConfigCenterWatcher : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    private readonly ConfigCenterSource _source;
    private readonly ConfigStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _lastSeen;

    public ConfigCenterWatcher(ConfigCenterSource source, ConfigStore store, long lastSeenRevision, ILogger logger, TimeProvider timeProvider)
    {
        _source = source;
        _store = store;
        _lastSeen = lastSeenRevision;
        _logger = logger;
        _timeProvider = timeProvider;
        _loop = Task.Run(RunAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else escapes it.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var retry = FirstRetry;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Reading first proves the connection and confirms a document started from the cache.
                var current = await _source.Client.GetAsync(_source.Namespace, _stop.Token).ConfigureAwait(false);
                _store.SetCenterConnected(true);
                retry = FirstRetry;
                if (current is not null)
                {
                    _store.ConfirmCenterRevision(current.Revision);
                }

                await _source.Client.WatchAsync(_source.Namespace, _lastSeen + 1, OnDocumentAsync, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                // Whatever broke the watch, the loop must outlive it: a dead watcher would silently stop every reload.
                _store.SetCenterConnected(false);
                var code = (ex as ConfigCenterException)?.Code ?? ConfigCenterException.Unreachable;
                ConfigLog.CenterWatchLost(_logger, _source.Namespace, code, ex.Message, retry.TotalSeconds, _lastSeen + 1);
                try
                {
                    await Task.Delay(retry, _timeProvider, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private Task OnDocumentAsync(ConfigCenterDocument document)
    {
        if (document.Revision <= _lastSeen)
        {
            return Task.CompletedTask;
        }

        _lastSeen = document.Revision;
        if (_store.ApplyCenterDocument(document).Succeeded)
        {
            _source.Cache(document, _logger);
        }

        return Task.CompletedTask;
    }
}
