namespace Atrium.Rpc;

/// <summary>Header names and values of the gRPC-over-HTTP/2 protocol.</summary>
internal static class RpcHeaders
{
    public const string ContentType = "application/grpc";
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";
    public const string Timeout = "grpc-timeout";
    public const string TE = "te";
    public const string Trailers = "trailers";

    /// <summary>Whether <paramref name="contentType"/> is <c>application/grpc</c> or <c>application/grpc+...</c> / <c>;...</c>.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';';
    }
}
