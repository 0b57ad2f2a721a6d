using Atrium.Chassis.Errors;
using Atrium.Rpc.Metadata;

namespace Atrium.Rpc.Server;

/// <summary>
/// Turns a handler's failure into the status the caller sees, through the chassis's one error table: an
/// <see cref="RpcException"/> keeps its status, an <see cref="AtriumException"/> its code's gRPC status (and the code
/// in an <c>x-error-code</c> trailer), anything else is INTERNAL without details.
/// </summary>
internal static class ServerStatusMapper
{
    public const string ErrorCodeTrailer = "x-error-code";

    public static RpcStatus Map(Exception exception, bool deadlineExceeded, RpcMetadata trailers, out bool unexpected)
    {
        unexpected = false;
        switch (exception)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    trailers.AddTrusted(entry);
                }

                return rpc.Status;
            case AtriumException atrium:
                trailers.Add(ErrorCodeTrailer, atrium.Code.Name);
                return new RpcStatus(atrium.Code.GrpcStatus, atrium.Message);
            case OperationCanceledException when deadlineExceeded:
                return new RpcStatus(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.");
            case OperationCanceledException:
                return new RpcStatus(GrpcStatusCode.Cancelled, ErrorCodes.Cancelled.Title);
            default:
                unexpected = true;
                return new RpcStatus(GrpcStatusCode.Internal, ErrorCodes.Internal.Title);
        }
    }
}
