using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Server;

/// <summary>The server's log messages.</summary>
internal static partial class RpcServerLog
{
    [LoggerMessage(EventId = RpcEventIds.HandlerFailed, Level = LogLevel.Error, Message = "gRPC call {Method} failed; the caller gets INTERNAL")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = RpcEventIds.DeadlineExceeded, Level = LogLevel.Debug, Message = "gRPC call {Method} exceeded its deadline of {TimeoutMs} ms")]
    public static partial void DeadlineExceeded(ILogger logger, string method, double timeoutMs);

    [LoggerMessage(EventId = RpcEventIds.Unimplemented, Level = LogLevel.Debug, Message = "gRPC call to unknown method {Path}")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(EventId = RpcEventIds.UnsupportedEncoding, Level = LogLevel.Debug, Message = "gRPC call {Method} used unsupported grpc-encoding {Encoding}")]
    public static partial void UnsupportedEncoding(ILogger logger, string method, string encoding);
}
