using System.ComponentModel.DataAnnotations;
using System.Text;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Data.Eventing.RabbitMq;

/// <summary>The <c>eventing.rabbitmq</c> key: the broker, its topology and the delivery policy of every subscription.</summary>
public sealed class RabbitMqOptions : IValidatableConfig
{
    /// <summary>The default of <see cref="Uri"/>: the guest user of a broker on this machine.</summary>
    public const string DefaultUri = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>
    /// The broker: <c>amqp://USER:PASSWORD@HOST:PORT/VHOST</c> (or <c>amqps://</c>); the virtual host is URL-encoded,
    /// and a lone <c>/</c> path means the default one. Default <see cref="DefaultUri"/>.
    /// </summary>
    public string Uri { get; set; } = DefaultUri;

    /// <summary>
    /// The durable topic exchange every event is published to, with the event's stable type name as routing key.
    /// Default <c>atrium.events</c>.
    /// </summary>
    public string Exchange { get; set; } = "atrium.events";

    /// <summary>The type of the queues declared. Default <see cref="RabbitMqQueueType.Auto"/>: quorum where the server supports it.</summary>
    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Auto;

    /// <summary>
    /// How many unacknowledged messages the broker sends each subscription ahead; also the largest batch a subscription
    /// applies in one inbox transaction. Default <c>64</c>. Between 1 and 65,535.
    /// </summary>
    [Range(1, ushort.MaxValue)]
    public int Prefetch { get; set; } = 64;

    /// <summary>
    /// How many times a subscription's handler is tried with one message before the message goes to the subscription's
    /// dead-letter queue, counting the tries of earlier deliveries that ended without an outcome (a quorum queue's
    /// <c>x-delivery-count</c>). Default <c>10</c>. Between 1 and 100, and times <see cref="RetryMaxDelay"/> at most 15 minutes.
    /// </summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 10;

    /// <summary>The wait before a failed message's second try; it doubles per try up to <see cref="RetryMaxDelay"/>, with jitter. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two tries of one message. Default 5 s; not less than <see cref="RetryBaseDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before reconnecting after the connection failed or was lost; it doubles per failure up to <see cref="ReconnectMaxDelay"/>. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two connection attempts. Default 10 s; not less than <see cref="ReconnectBaseDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening a connection (TCP, TLS, AMQP handshake) may take. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The AMQP heartbeat: a broker that stops answering for about two of these counts as lost (readiness fails, and
    /// the connection is made again); whole seconds, 0 turns it off. Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long moving a message to a dead-letter queue, or back from it, waits for the broker's confirm. (The outbox
    /// relay's own publish timeout bounds its publishes.) Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest <see cref="MaxDeliveries"/> × <see cref="RetryMaxDelay"/>: half of RabbitMQ's default
    /// <c>consumer_timeout</c> (30 min), leaving the handlers' own time the other half.
    /// </summary>
    internal static readonly TimeSpan LongestRetrying = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (key, message) in Problems())
        {
            context.AddError(key, message);
        }
    }

    /// <summary>The rules beyond each property's range, as (key, message) pairs.</summary>
    internal IEnumerable<(string Key, string Message)> Problems()
    {
        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || string.IsNullOrEmpty(uri.Host))
        {
            yield return ("uri", "must be an absolute amqp:// or amqps:// address with a host, e.g. amqp://user:password@127.0.0.1:5672/");
        }

        if (string.IsNullOrWhiteSpace(Exchange) || Encoding.UTF8.GetByteCount(Exchange) > 255)
        {
            yield return ("exchange", "must be a name of 1 to 255 bytes");
        }
        else if (Exchange.StartsWith("amq.", StringComparison.Ordinal))
        {
            yield return ("exchange", "must not start with 'amq.' (reserved by the broker)");
        }

        if (!Enum.IsDefined(QueueType))
        {
            yield return ("queueType", "must be auto, quorum or classic");
        }

        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return ("retryMaxDelay", "must not be less than retryBaseDelay");
        }

        if (MaxDeliveries * RetryMaxDelay > LongestRetrying)
        {
            yield return ("maxDeliveries", $"times retryMaxDelay must not exceed {LongestRetrying.TotalMinutes:0} minutes (is {MaxDeliveries} × {RetryMaxDelay}): "
                + "a message is held unacknowledged while it is tried again, and RabbitMQ closes a channel holding one for 30 minutes (consumer_timeout)");
        }

        if (ReconnectMaxDelay < ReconnectBaseDelay)
        {
            yield return ("reconnectMaxDelay", "must not be less than reconnectBaseDelay");
        }
    }
}
