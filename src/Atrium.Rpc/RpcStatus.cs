using Atrium.Chassis.Errors;

namespace Atrium.Rpc;

/// <summary>A call's outcome: the gRPC status code and a caller-safe detail message.</summary>
/// <param name="Code">The status code (<c>grpc-status</c>).</param>
/// <param name="Detail">The message (<c>grpc-message</c>); empty when there is none.</param>
public readonly record struct RpcStatus(GrpcStatusCode Code, string Detail)
{
    /// <summary>The successful status.</summary>
    public static RpcStatus Ok => new(GrpcStatusCode.OK, "");

    /// <inheritdoc />
    public override string ToString() => Detail.Length == 0 ? Code.ToString() : $"{Code}: {Detail}";
}
