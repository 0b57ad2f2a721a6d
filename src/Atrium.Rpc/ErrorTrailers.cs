using Atrium.Chassis.Errors;
using Grpc.Core;

namespace Atrium.Rpc;

/// <summary>The <c>x-error-code</c> trailer: the stable code of the error table beside the gRPC status.</summary>
public static class ErrorTrailers
{
    /// <summary>The trailer's name.</summary>
    public const string ErrorCode = "x-error-code";

    /// <summary>The stable code a call failed with (e.g. <c>INSUFFICIENT_FUNDS</c>), or <see langword="null"/> when the server sent none.</summary>
    public static string? GetErrorCode(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Trailers.GetValue(ErrorCode);
    }

    /// <summary>The gRPC status code of <paramref name="code"/>, as grpc-dotnet spells it.</summary>
    public static StatusCode ToStatusCode(this GrpcStatusCode code) => (StatusCode)(int)code;
}
