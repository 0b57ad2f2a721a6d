using System.Text;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// The encoding Kestrel decodes <c>Content-Length</c> with on the proxy listener, so that only plain digits
/// (RFC 9110 §8.6: <c>1*DIGIT</c>) make a length. Kestrel's own parser also takes a sign (<c>+3</c>, <c>-0</c>),
/// which another parser in front of or behind the gateway may read differently; every other byte is decoded as
/// <c>x</c>, which Kestrel's number parse refuses, so the request gets Kestrel's 400 and the connection is closed
/// before any of it reaches the gateway.
/// </summary>
/// <remarks>
/// Kestrel exposes no other hook on a header's raw bytes: by the time the request reaches the application the
/// length has been parsed and the original spelling is gone.
/// </remarks>
internal sealed class StrictContentLengthEncoding : Encoding
{
    private const char Refused = 'x';

    private static readonly StrictContentLengthEncoding Instance = new();

    /// <summary>For <c>KestrelServerOptions.RequestHeaderEncodingSelector</c>: this encoding for Content-Length, the default for the rest.</summary>
    public static Encoding? Select(string headerName) =>
        headerName.Length == 14 && headerName.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ? Instance : null;

    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        for (var i = 0; i < charCount; i++)
        {
            var c = chars[charIndex + i];
            bytes[byteIndex + i] = char.IsAsciiDigit(c) ? (byte)c : (byte)Refused;
        }

        return charCount;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetCharCount(ReadOnlySpan<byte> bytes) => bytes.Length;

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        if (chars.Length < bytes.Length)
        {
            // Longer than any length Kestrel accepts (19 digits); refuse rather than overflow its buffer.
            chars.Fill(Refused);
            return chars.Length;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            chars[i] = b is >= (byte)'0' and <= (byte)'9' ? (char)b : Refused;
        }

        return bytes.Length;
    }

    public override int GetMaxByteCount(int charCount) => charCount;

    public override int GetMaxCharCount(int byteCount) => byteCount;
}
