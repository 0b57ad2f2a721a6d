namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// A transport that depends on a broker it can lose: the outbox relay pauses while it is disconnected (rows wait
/// without counting failed attempts), and <c>/readyz</c> gains a <c>broker</c> check.
/// </summary>
internal interface IBrokerStatus
{
    /// <summary>Whether the transport is connected and can publish now.</summary>
    bool IsConnected { get; }

    /// <summary>For readiness: where it is connected, or why it is not.</summary>
    string Describe();
}
