using System.Globalization;
using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Diagnostics;

/// <summary>The query parameters of the diagnostics endpoints: whole seconds within a bound, else 400 <c>VALIDATION_FAILED</c>.</summary>
internal static class DiagnosticsQuery
{
    /// <summary>
    /// The whole number of seconds in <paramref name="name"/>, <paramref name="defaultSeconds"/> when absent
    /// (<see langword="null"/> for no default); 1 to <paramref name="maxSeconds"/>.
    /// </summary>
    public static int? Seconds(HttpRequest request, string name, int? defaultSeconds, int maxSeconds)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return defaultSeconds;
        }

        if (values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 1
            && seconds <= maxSeconds)
        {
            return seconds;
        }

        throw ValidationFailedException.ForField(name, $"'{name}' must be one whole number of seconds from 1 to {maxSeconds}.");
    }
}
