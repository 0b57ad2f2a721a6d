using Atrium.Chassis.Errors;
using Atrium.Rpc.Metadata;

namespace Atrium.Rpc;

/// <summary>
/// A call ended with a status other than OK. Thrown by the client for every failed call (including deadline and
/// cancellation) and thrown by server handlers to answer with a status; the <see cref="Trailers"/> travel both ways.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates the exception for <paramref name="status"/>, with optional <paramref name="trailers"/>.</summary>
    public RpcException(RpcStatus status, RpcMetadata? trailers = null, Exception? innerException = null)
        : base(status.ToString(), innerException)
    {
        Status = status;
        Trailers = trailers ?? new RpcMetadata();
    }

    /// <summary>Creates the exception for <paramref name="code"/> and <paramref name="detail"/>.</summary>
    public RpcException(GrpcStatusCode code, string detail)
        : this(new RpcStatus(code, detail ?? ""))
    {
    }

    /// <summary>The status.</summary>
    public RpcStatus Status { get; }

    /// <summary>The status code.</summary>
    public GrpcStatusCode StatusCode => Status.Code;

    /// <summary>The status detail message.</summary>
    public string Detail => Status.Detail;

    /// <summary>The trailers received (client) or to send (server).</summary>
    public RpcMetadata Trailers { get; }
}
