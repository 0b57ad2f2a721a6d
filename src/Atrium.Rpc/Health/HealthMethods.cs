using Atrium.Rpc.Health.V1;

namespace Atrium.Rpc.Health;

/// <summary>The method descriptors of <c>grpc.health.v1.Health</c>, for servers and clients.</summary>
public static class HealthMethods
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "grpc.health.v1.Health";

    /// <summary><c>Check</c>: the current status of one service, or of the whole server for <c>""</c>.</summary>
    public static readonly RpcMethod<HealthCheckRequest, HealthCheckResponse> Check =
        new(RpcMethodType.Unary, ServiceName, "Check", HealthCheckRequest.Parser, HealthCheckResponse.Parser);

    /// <summary><c>Watch</c>: the current status, then every change.</summary>
    public static readonly RpcMethod<HealthCheckRequest, HealthCheckResponse> Watch =
        new(RpcMethodType.ServerStreaming, ServiceName, "Watch", HealthCheckRequest.Parser, HealthCheckResponse.Parser);
}
