namespace Atrium.Gateway.Forwarding;

/// <summary>
/// One direction of an upgrade tunnel: copies bytes from source to destination until either ends. Writes are
/// serialized with <see cref="SealAsync"/>, which writes a last message (a WebSocket close frame) and stops the copy,
/// so that the gateway's own frame never interleaves with a relayed write.
/// </summary>
internal sealed class TunnelPump(Stream source, Stream destination) : IDisposable
{
    private readonly SemaphoreSlim _write = new(1, 1);
    private bool _sealed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (_sealed)
                    {
                        return;
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _write.Release();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // A side closed or reset: the tunnel ends, which is the signal the other side needs.
        }
    }

    public void Dispose() => _write.Dispose();

    /// <summary>Writes <paramref name="last"/> once no relayed write is in progress, then relays nothing more.</summary>
    public async Task<bool> SealAsync(byte[] last)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _write.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            _sealed = true;
            await destination.WriteAsync(last, timeout.Token).ConfigureAwait(false);
            await destination.FlushAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _write.Release();
        }
    }
}
