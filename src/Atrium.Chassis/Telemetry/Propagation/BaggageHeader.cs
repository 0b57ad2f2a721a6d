using System.Diagnostics;
using System.Text;

namespace Atrium.Chassis.Telemetry.Propagation;

/// <summary>
/// Writes an activity's baggage as a W3C <c>baggage</c> header value: <c>k1=v1,k2=v2</c>, values percent-encoded.
/// </summary>
internal static class BaggageHeader
{
    public const string Name = "baggage";

    // The W3C Baggage limit; members past it are dropped rather than sending a header peers would reject.
    private const int MaxLength = 8192;

    public static string? Format(Activity? activity)
    {
        if (activity is null)
        {
            return null;
        }

        var header = new StringBuilder();
        foreach (var (key, value) in activity.Baggage)
        {
            var member = Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value ?? string.Empty);
            if (header.Length + member.Length + 1 > MaxLength)
            {
                break;
            }

            header.Append(header.Length == 0 ? string.Empty : ",").Append(member);
        }

        return header.Length == 0 ? null : header.ToString();
    }
}
