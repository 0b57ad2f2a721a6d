using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>Limits of the public listeners (<c>gateway.limits</c>). Secure defaults; read at start.</summary>
public sealed class ListenerLimitsOptions
{
    /// <summary>Longest request line (method, target, version) in bytes; longer gets 414. Default 8 KiB.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Largest total size of request headers in bytes; larger gets 431. Default 32 KiB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>Most request header fields; more gets 431. Default 100.</summary>
    [Range(1, 10_000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>How long a client may take to send the request headers. Default 10 s.</summary>
    [DurationRange("00:00:00.100", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle keep-alive client connection is kept. Default 2 min.</summary>
    [DurationRange("00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most concurrent client connections per listener; 0 means no limit. Default 0.</summary>
    [Range(0, 10_000_000)]
    public long MaxConcurrentConnections { get; set; }
}
