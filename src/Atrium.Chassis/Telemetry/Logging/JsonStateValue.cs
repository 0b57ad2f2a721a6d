using System.Globalization;
using System.Text.Json;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Writes one structured log value: numbers and booleans as JSON literals, dates as ISO 8601 strings,
/// anything else as its invariant-culture string.
/// </summary>
internal static class JsonStateValue
{
    public static void Write(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case byte or sbyte or short or ushort or int or long:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case uint or ulong:
                json.WriteNumber(name, Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                break;
            case float or double when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case decimal d:
                json.WriteNumber(name, d);
                break;
            case DateTimeOffset dateTimeOffset:
                json.WriteString(name, dateTimeOffset);
                break;
            case DateTime dateTime:
                json.WriteString(name, dateTime);
                break;
            case IFormattable formattable:
                json.WriteString(name, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(name, value.ToString());
                break;
        }
    }
}
