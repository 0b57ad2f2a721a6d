using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Renders bound options as JSON with YAML key names. Redacted output is for humans; unredacted output
/// is only used internally to detect which sections changed on reload.
/// </summary>
internal static class ConfigJsonWriter
{
    public const string Mask = "***";

    public static string Write(ConfigSchema schema, IReadOnlyDictionary<string, object> sections, bool redact, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            writer.WriteStartObject();
            foreach (var section in schema.Sections)
            {
                writer.WritePropertyName(section.Name);
                WriteValue(writer, sections[section.Name], redact);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string WriteSection(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteValue(writer, value, redact: false);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, bool redact)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case double d:
                writer.WriteNumberValue(d);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case TimeSpan t:
                writer.WriteStringValue(DurationParser.Format(t));
                return;
            case Uri u:
                writer.WriteStringValue(u.OriginalString);
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    WriteValue(writer, entry.Value, redact);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, redact);
                }

                writer.WriteEndArray();
                return;
            default:
                WriteObject(writer, value, redact);
                return;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, object value, bool redact)
    {
        writer.WriteStartObject();
        foreach (var property in ConfigTypeModel.Get(value.GetType()).Properties)
        {
            writer.WritePropertyName(property.Key);
            var propertyValue = property.Property.GetValue(value);
            // An empty secret is one that is not set, and showing that hides nothing.
            if (redact && property.IsSecret && propertyValue is not null and not "")
            {
                writer.WriteStringValue(Mask);
            }
            else
            {
                WriteValue(writer, propertyValue, redact);
            }
        }

        writer.WriteEndObject();
    }
}
