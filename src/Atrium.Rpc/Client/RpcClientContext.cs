using Atrium.Rpc.Metadata;

namespace Atrium.Rpc.Client;

/// <summary>One outbound call as client interceptors see it.</summary>
public sealed class RpcClientContext
{
    private Dictionary<object, object?>? _items;

    internal RpcClientContext(IClientCall call, IRpcMethod method, RpcMetadata requestHeaders, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        Call = call;
        Method = method;
        RequestHeaders = requestHeaders;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The method called.</summary>
    public IRpcMethod Method { get; }

    /// <summary>The metadata to send; interceptors may add to it before calling <c>next</c>.</summary>
    public RpcMetadata RequestHeaders { get; }

    /// <summary>When the call gives up with DEADLINE_EXCEEDED, or <see langword="null"/> for never.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the caller cancels the call.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A place for interceptors to share per-call values.</summary>
    public IDictionary<object, object?> Items => _items ??= [];

    internal IClientCall Call { get; }
}
