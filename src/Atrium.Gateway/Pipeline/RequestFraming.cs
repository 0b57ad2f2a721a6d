using Atrium.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Pipeline;

/// <summary>
/// Refuses HTTP/1.x framing that Kestrel accepts but a back end or a second proxy might read differently: the gateway
/// re-frames every request it forwards, so anything it cannot re-frame faithfully is refused, not guessed at.
/// </summary>
internal static class RequestFraming
{
    // Kestrel reads a request with both length headers as chunked and renames its Content-Length to X-Content-Length
    // (RFC 9112 §6.1 allows either processing or rejecting it); that rename is the only trace of the conflict the app
    // gets to see.
    private const string KestrelRenamedContentLength = "X-Content-Length";

    /// <summary>What is wrong with the request's framing, or <see cref="ForwarderError.None"/>.</summary>
    public static ForwarderError Check(HttpRequest request)
    {
        var headers = request.Headers;
        var transferEncoding = headers.TransferEncoding;
        if (transferEncoding.Count > 0)
        {
            if (headers.ContainsKey(KestrelRenamedContentLength))
            {
                return ForwarderError.AmbiguousFraming;
            }

            if (HttpProtocol.IsHttp10(request.Protocol))
            {
                // RFC 9112 §6.1: an HTTP/1.0 peer cannot mean chunked, so the framing is faulty.
                return ForwarderError.MalformedFraming;
            }

            if (!IsChunkedAlone(transferEncoding))
            {
                // Forwarding "gzip, chunked" as plain chunked would drop the gzip coding without a word (nginx: 501).
                return ForwarderError.UnsupportedTransferCoding;
            }
        }

        return ForwarderError.None;
    }

    private static bool IsChunkedAlone(Microsoft.Extensions.Primitives.StringValues values)
    {
        var seen = 0;
        foreach (var value in values)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (++seen > 1 || !token.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return seen == 1;
    }
}
