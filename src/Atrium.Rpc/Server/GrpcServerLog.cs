using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Server;

internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = RpcEventIds.HandlerFailed, Level = LogLevel.Error, Message = "gRPC call {Method} failed unexpectedly; the caller got INTERNAL")]
    public static partial void Unexpected(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = RpcEventIds.Reflection, Level = LogLevel.Information, Message = "gRPC server reflection is {State} ({Reason})")]
    public static partial void Reflection(ILogger logger, string state, string reason);

    [LoggerMessage(EventId = RpcEventIds.ServiceTokens, Level = LogLevel.Information, Message = "gRPC calls {State} a service token (grpc.health.v1 and reflection never do)")]
    public static partial void ServiceTokens(ILogger logger, string state);
}
