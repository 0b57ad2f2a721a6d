namespace Atrium.Rpc.Framing;

/// <summary>The message encodings (<c>grpc-encoding</c>) this implementation reads and writes.</summary>
internal static class MessageEncodings
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";

    /// <summary>The <c>grpc-accept-encoding</c> value we send.</summary>
    public const string AcceptEncoding = "identity,gzip";

    public static bool IsSupported(string? encoding) =>
        string.IsNullOrEmpty(encoding) || encoding == Identity || encoding == Gzip;

    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }

        foreach (var part in acceptEncoding.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part == encoding)
            {
                return true;
            }
        }

        return false;
    }
}
