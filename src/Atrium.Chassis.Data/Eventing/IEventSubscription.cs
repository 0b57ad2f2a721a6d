namespace Atrium.Chassis.Data.Eventing;

/// <summary>A running consumer of one subscription; stop it to stop consuming (the subscription's queue remains).</summary>
internal interface IEventSubscription : IAsyncDisposable
{
    /// <summary>The topic consumed.</summary>
    string Topic { get; }

    /// <summary>The subscription (queue) name.</summary>
    string Name { get; }

    /// <summary>
    /// Stops consuming: finishes what is already queued until <paramref name="cancellationToken"/> fires, then cancels
    /// the handler in flight. Messages not handled stay queued for a later consumer and are counted as abandoned.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);
}
