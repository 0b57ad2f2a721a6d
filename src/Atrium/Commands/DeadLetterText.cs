using System.Globalization;
using System.Text;
using System.Text.Json;
using Atrium.Chassis.Data.Eventing.RabbitMq;

namespace Atrium.Commands;

/// <summary>How <c>atrium events dead-letters</c> prints one dead letter: a line of text, or a JSON object.</summary>
internal static class DeadLetterText
{
    private const string Unknown = "-";

    /// <summary>Message id, type, attempts, when, and the error last (it may contain spaces), tab separated.</summary>
    public static string Line(DeadLetter letter) => string.Join(
        '\t',
        letter.MessageId ?? Unknown,
        letter.Type ?? Unknown,
        $"attempts={letter.Attempts.ToString(CultureInfo.InvariantCulture)}",
        $"dead-lettered={letter.DeadLetteredAt?.ToString("O", CultureInfo.InvariantCulture) ?? Unknown}",
        $"error={OneLine(letter.Error) ?? Unknown}");

    /// <summary>One JSON object on one line, with the event itself as <c>payload</c> (a string when it is not JSON).</summary>
    public static string Json(DeadLetter letter)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("messageId", letter.MessageId);
            writer.WriteString("type", letter.Type);
            writer.WriteString("subscription", letter.Subscription);
            writer.WriteNumber("attempts", letter.Attempts);
            writer.WriteString("error", letter.Error);
            if (letter.DeadLetteredAt is { } at)
            {
                writer.WriteString("deadLetteredAt", at);
            }
            else
            {
                writer.WriteNull("deadLetteredAt");
            }

            writer.WritePropertyName("payload");
            WritePayload(writer, letter.Payload);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePayload(Utf8JsonWriter writer, ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            document.WriteTo(writer);
        }
        catch (JsonException)
        {
            // A message that was dead-lettered because it could not be read is shown as it came.
            writer.WriteStringValue(Encoding.UTF8.GetString(payload.Span));
        }
    }

    private static string? OneLine(string? text) => text?.ReplaceLineEndings(" ");
}
