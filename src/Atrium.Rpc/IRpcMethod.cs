namespace Atrium.Rpc;

/// <summary>What interceptors and telemetry see of a method, whatever its message types.</summary>
public interface IRpcMethod
{
    /// <summary>The method's shape.</summary>
    RpcMethodType Type { get; }

    /// <summary>The fully-qualified service name, e.g. <c>grpc.testing.TestService</c>.</summary>
    string ServiceName { get; }

    /// <summary>The method name, e.g. <c>UnaryCall</c>.</summary>
    string Name { get; }

    /// <summary>The HTTP/2 path, <c>/{service}/{method}</c>.</summary>
    string FullName { get; }
}
