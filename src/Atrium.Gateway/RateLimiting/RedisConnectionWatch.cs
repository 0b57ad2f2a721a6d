using Atrium.Gateway.Configuration;
using StackExchange.Redis;

namespace Atrium.Gateway.RateLimiting;

/// <summary>
/// Follows the rate-limit Redis without traffic, so <c>/readyz</c> and the up gauge are right on an idle gateway too:
/// the connection's own failure and restore events, and a <c>PING</c> every <c>retryInterval</c> on the gateway's
/// clock (the events alone miss a Redis that hangs without closing its socket, and one that refuses us at the start).
/// </summary>
internal sealed class RedisConnectionWatch : IDisposable
{
    private const string NotConnected = "Redis is not connected";

    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly RedisOptions _options;
    private readonly TimeProvider _time;
    private readonly Action _up;
    private readonly Action<string> _down;
    private readonly CancellationTokenSource _stopping = new();

    // Read by the connection's events, which may come after the source is disposed.
    private readonly CancellationToken _stoppingToken;

    /// <summary>Starts watching; <paramref name="up"/> and <paramref name="down"/> report each probe's and event's finding.</summary>
    public RedisConnectionWatch(Task<ConnectionMultiplexer> connection, RedisOptions options, TimeProvider time, Action up, Action<string> down)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _up = up;
        _down = down;
        _stoppingToken = _stopping.Token;
        _ = WatchAsync(_stoppingToken);
    }

    /// <summary>Stops the probes and ignores the connection's events from now on, before the connection is closed.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        if (_connection.IsCompletedSuccessfully)
        {
            _connection.Result.ConnectionFailed -= OnConnectionFailed;
            _connection.Result.ConnectionRestored -= OnConnectionRestored;
        }

        _stopping.Dispose();
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        ConnectionMultiplexer connection;
        try
        {
            connection = await _connection.ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            _down(ex.Message);
            return;
        }

        connection.ConnectionFailed += OnConnectionFailed;
        connection.ConnectionRestored += OnConnectionRestored;
        while (!stopping.IsCancellationRequested)
        {
            await ProbeAsync(connection, stopping).ConfigureAwait(false);
            try
            {
                await Task.Delay(_options.RetryInterval, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ProbeAsync(ConnectionMultiplexer connection, CancellationToken stopping)
    {
        string? failure = null;
        try
        {
            if (connection.IsConnected)
            {
                await connection.GetDatabase().PingAsync().WaitAsync(_options.Timeout, _time, stopping).ConfigureAwait(false);
            }
            else
            {
                // Not dialled here: the multiplexer reconnects in the background, every retryInterval.
                failure = NotConnected;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            failure = ex.Message;
        }

        // A store being retired closes its connection: that is no outage to report.
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        if (failure is null)
        {
            _up();
        }
        else
        {
            _down(failure);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive && !_stoppingToken.IsCancellationRequested)
        {
            _down(e.Exception?.Message ?? e.FailureType.ToString());
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Confirmed by a PING (and the password it carries) rather than taken on the event's word.
        if (e.ConnectionType == ConnectionType.Interactive && !_stoppingToken.IsCancellationRequested && sender is ConnectionMultiplexer connection)
        {
            _ = ProbeAsync(connection, _stoppingToken);
        }
    }
}
