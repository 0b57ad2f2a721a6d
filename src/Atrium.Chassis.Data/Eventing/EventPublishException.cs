namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// A broker did not take a message: the publisher publishes it again later (the outbox relay after its backoff).
/// <see cref="Code"/> says why, stably, and leads the message, so an outbox row's last error names it.
/// </summary>
internal sealed class EventPublishException : Exception
{
    /// <summary>No connection to the broker now.</summary>
    public const string BrokerUnavailable = "BROKER_UNAVAILABLE";

    /// <summary>No queue is bound for the event's type yet: no subscriber of it has started against this broker.</summary>
    public const string NoRoute = "NO_ROUTE";

    /// <summary>The broker refused the message (a negative publisher confirm).</summary>
    public const string Nacked = "BROKER_NACK";

    /// <summary>Creates an exception with a stable <paramref name="code"/>.</summary>
    public EventPublishException(string code, string detail, Exception? innerException = null)
        : base($"{code}: {detail}", innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>Creates an exception for an unclassified failure.</summary>
    public EventPublishException()
        : this(BrokerUnavailable, "the broker did not take the message")
    {
    }

    /// <summary>Creates an exception for an unclassified failure.</summary>
    public EventPublishException(string message)
        : this(BrokerUnavailable, message)
    {
    }

    /// <summary>Creates an exception for an unclassified failure.</summary>
    public EventPublishException(string message, Exception innerException)
        : this(BrokerUnavailable, message, innerException)
    {
    }

    /// <summary>Why the broker did not take the message: <see cref="BrokerUnavailable"/>, <see cref="NoRoute"/> or <see cref="Nacked"/>.</summary>
    public string Code { get; }
}
