using Atrium.Rpc.Interceptors;

namespace Atrium.Rpc.Client;

/// <summary>Options of an <see cref="RpcChannel"/>.</summary>
public sealed class RpcChannelOptions
{
    /// <summary>The largest response message accepted, in bytes; larger ends the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest request message sent, in bytes. Default <see cref="int.MaxValue"/> (no limit).</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>Compress request messages with gzip. Default <see langword="false"/>.</summary>
    public bool CompressRequests { get; set; }

    /// <summary>Interceptors run around every call, in order. Default none.</summary>
    public IList<IRpcClientInterceptor> Interceptors { get; } = [];

    /// <summary>The clock for deadlines and durations. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long to wait for a TCP (and TLS) connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The HTTP handler to send with, for tests or custom TLS; the channel does not dispose it. Default
    /// <see langword="null"/>: the channel owns a <c>SocketsHttpHandler</c> with HTTP/2 multiple connections enabled.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }
}
