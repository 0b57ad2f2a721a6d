using System.Diagnostics;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>The "Atrium.Eventing" activity source and the trace context carried from writer to consumer.</summary>
internal static class EventingTelemetry
{
    public const string SourceName = "Atrium.Eventing";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C <c>traceparent</c> of the current activity, if it has one.</summary>
    public static string? CurrentTraceparent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>Starts the relay's producer span as a child of the writer's context.</summary>
    public static Activity? StartPublish(string eventType, Guid messageId, string? traceparent) =>
        Start($"{eventType} publish", ActivityKind.Producer, traceparent, tracestate: null, eventType, messageId, subscription: null);

    /// <summary>Starts a consumer span as a child of the context the envelope carries.</summary>
    public static Activity? StartProcess(EventEnvelope envelope, string subscription) =>
        Start($"{envelope.Type} process", ActivityKind.Consumer, envelope.Traceparent, envelope.Tracestate, envelope.Type, envelope.MessageId, subscription);

    private static Activity? Start(
        string name, ActivityKind kind, string? traceparent, string? tracestate, string eventType, Guid messageId, string? subscription)
    {
        ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out var parent);

        var activity = Source.StartActivity(name, kind, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "atrium");
            activity.SetTag("messaging.destination.name", eventType);
            activity.SetTag("messaging.message.id", messageId.ToString());
            if (subscription is not null)
            {
                activity.SetTag("messaging.consumer.group.name", subscription);
            }
        }

        return activity;
    }
}
