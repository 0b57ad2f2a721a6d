using System.Buffers;

namespace Atrium.Catalog.Api;

/// <summary>
/// The rule for text a shopper reads (product names, descriptions, SKUs): no control characters (Unicode category Cc,
/// NUL, tabs and line breaks included) and no bidirectional formatting characters, with which a name can display as
/// something other than what it is (U+202E reverses what follows it) or cut a log line or a C string short.
/// </summary>
internal static class DisplayText
{
    public const string Refusal = "must not contain control characters or bidirectional formatting characters";

    private static readonly SearchValues<char> Refused = SearchValues.Create(
        [
            .. Range('\u0000', '\u001F'), .. Range('\u007F', '\u009F'),
            '\u061C', '\u200E', '\u200F', .. Range('\u202A', '\u202E'), .. Range('\u2066', '\u2069'),
        ]);

    /// <summary>Whether <paramref name="text"/> holds none of the refused characters.</summary>
    public static bool IsClean(string text) => !text.AsSpan().ContainsAny(Refused);

    private static IEnumerable<char> Range(char first, char last) =>
        Enumerable.Range(first, last - first + 1).Select(c => (char)c);
}
