using Google.Protobuf;

namespace Atrium.Rpc;

/// <summary>
/// Describes one gRPC method: its service, name, shape and how to parse its messages. Declare one static instance
/// per method and use it on both sides; nothing is looked up by reflection when a call runs.
/// </summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class RpcMethod<TRequest, TResponse> : IRpcMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="type">The method's shape.</param>
    /// <param name="serviceName">The fully-qualified service, e.g. <c>grpc.health.v1.Health</c>.</param>
    /// <param name="name">The method, e.g. <c>Check</c>.</param>
    /// <param name="requestParser">The request parser, e.g. <c>HealthCheckRequest.Parser</c>.</param>
    /// <param name="responseParser">The response parser.</param>
    public RpcMethod(RpcMethodType type, string serviceName, string name, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(responseParser);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = $"/{serviceName}/{name}";
        RequestParser = requestParser;
        ResponseParser = responseParser;
    }

    /// <inheritdoc />
    public RpcMethodType Type { get; }

    /// <inheritdoc />
    public string ServiceName { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string FullName { get; }

    /// <summary>Parses requests.</summary>
    public MessageParser<TRequest> RequestParser { get; }

    /// <summary>Parses responses.</summary>
    public MessageParser<TResponse> ResponseParser { get; }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
