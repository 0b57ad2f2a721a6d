using System.Buffers.Text;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Atrium.Rpc.Metadata;

/// <summary>Converts metadata to and from HTTP/2 header fields, skipping the protocol's own headers.</summary>
internal static class MetadataCodec
{
    public static bool IsReserved(string key) =>
        key.Length == 0 || key[0] == ':'
        || key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase);

    public static RpcMetadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new RpcMetadata();
        foreach (var (key, values) in headers)
        {
            if (!IsReserved(key))
            {
                AddValues(metadata, key, values);
            }
        }

        return metadata;
    }

    public static RpcMetadata FromHeaders(HttpHeaders headers, HttpHeaders? more = null)
    {
        var metadata = new RpcMetadata();
        foreach (var set in more is null ? [headers] : new[] { headers, more })
        {
            foreach (var (key, values) in set.NonValidated)
            {
                if (!IsReserved(key))
                {
                    foreach (var value in values)
                    {
                        AddValues(metadata, key, value);
                    }
                }
            }
        }

        return metadata;
    }

    public static void AddTo(RpcMetadata metadata, HttpHeaders headers)
    {
        foreach (var entry in metadata)
        {
            headers.TryAddWithoutValidation(entry.Key, Encode(entry));
        }
    }

    public static void AddTo(RpcMetadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, Encode(entry));
        }
    }

    public static string Encode(RpcMetadataEntry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes.Span).TrimEnd('=') : entry.Value;

    private static void AddValues(RpcMetadata metadata, string key, StringValues values)
    {
        var lower = key.ToLowerInvariant();
        var binary = lower.EndsWith(RpcMetadata.BinarySuffix, StringComparison.Ordinal);
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            if (!binary)
            {
                metadata.AddTrusted(new RpcMetadataEntry(lower, value, null));
                continue;
            }

            // Several binary values may arrive comma-joined in one field; each is base64, padded or not.
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.AddTrusted(new RpcMetadataEntry(lower, null, DecodeBase64(part)));
            }
        }
    }

    private static byte[] DecodeBase64(string value)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : [];
    }
}
