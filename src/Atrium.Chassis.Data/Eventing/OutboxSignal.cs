using System.Threading.Channels;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Wakes the relay of <typeparamref name="TContext"/> when a transaction with outbox rows commits.</summary>
internal sealed class OutboxSignal<TContext>
{
    // One slot: any number of nudges before the relay looks collapse into one wake-up, and none is lost.
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Nudge() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a nudge or <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _channel.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            _channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed.
        }
    }
}
