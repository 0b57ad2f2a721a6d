namespace Atrium.Rpc;

/// <summary>When a service module answers gRPC server reflection (<c>grpc.reflection.v1alpha</c> and <c>v1</c>).</summary>
public enum GrpcReflectionMode
{
    /// <summary>On when every listener that speaks HTTP/2 is on a loopback address; off otherwise.</summary>
    Auto,

    /// <summary>Always on: any caller that reaches the listener can list the services and their message types.</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}
