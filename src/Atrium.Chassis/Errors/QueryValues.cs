using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Errors;

/// <summary>Reads query-string values for endpoints that collect every bad field before answering VALIDATION_FAILED.</summary>
public static class QueryValues
{
    /// <summary>
    /// The whole number in query parameter <paramref name="name"/>, or <paramref name="fallback"/> when it is absent;
    /// anything else records "must be a whole number" under <paramref name="name"/> in <paramref name="errors"/>.
    /// </summary>
    public static int ReadInt(HttpRequest request, string name, int fallback, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[name] = ["must be a whole number"];
        return fallback;
    }
}
