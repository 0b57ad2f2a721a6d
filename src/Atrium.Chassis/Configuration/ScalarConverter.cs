using System.Globalization;

namespace Atrium.Chassis.Configuration;

/// <summary>Converts a YAML scalar's text to a supported CLR scalar type, with a human error when it cannot.</summary>
internal static class ScalarConverter
{
    public const string DurationHint = "(use 500ms, 10s, 5m, 1h)";

    public static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "a boolean",
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(TimeSpan) => "a duration",
        _ when type == typeof(Uri) => "an absolute URI",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {type.Name}",
    };

    public static bool TryConvert(string text, Type type, out object? value, out string error)
    {
        value = Convert(text, type);
        error = value is null ? Explain(text, type) : string.Empty;
        return value is not null;
    }

    private static object? Convert(string text, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(bool))
        {
            // YAML 1.2 core schema: only true/false, not yes/no/on/off.
            return text.ToUpperInvariant() switch { "TRUE" => true, "FALSE" => false, _ => null };
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var i) ? i : null;
        }

        if (type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var l) ? l : null;
        }

        if (type == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, invariant, out var d) && double.IsFinite(d) ? d : null;
        }

        if (type == typeof(decimal))
        {
            return decimal.TryParse(text, NumberStyles.Float, invariant, out var m) ? m : null;
        }

        if (type == typeof(TimeSpan))
        {
            return DurationParser.TryParse(text, out var t) ? t : null;
        }

        if (type == typeof(Uri))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var u) ? u : null;
        }

        if (type.IsEnum)
        {
            var name = Array.Find(Enum.GetNames(type), n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return name is null ? null : Enum.Parse(type, name);
        }

        return null;
    }

    private static string Explain(string text, Type type) => type switch
    {
        _ when type == typeof(int) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) =>
            $"'{text}' is out of range (-2147483648 to 2147483647)",
        _ when type == typeof(bool) => $"'{text}' is not a boolean (use true or false)",
        _ when type == typeof(TimeSpan) => $"'{text}' is not a duration {DurationHint}",
        _ when type.IsEnum => $"'{text}' is not {Describe(type)}",
        _ => $"'{text}' is not {Describe(type)}",
    };
}
