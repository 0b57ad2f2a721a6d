namespace Atrium.Chassis.Data.Eventing;

/// <summary>Fixed limits of the outbox schema.</summary>
internal static class OutboxRelayLimits
{
    /// <summary>The longest <see cref="OutboxMessage.LastError"/> kept; longer errors are cut.</summary>
    public const int LastErrorLength = 2000;
}
