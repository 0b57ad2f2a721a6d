using Grpc.Testing;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>Method descriptors of the official interop service (grpc/testing/test.proto).</summary>
internal static class TestServiceMethods
{
    public const string Service = "grpc.testing.TestService";

    public static readonly RpcMethod<Empty, Empty> EmptyCall = new(RpcMethodType.Unary, Service, "EmptyCall", Empty.Parser, Empty.Parser);
    public static readonly RpcMethod<SimpleRequest, SimpleResponse> UnaryCall = new(RpcMethodType.Unary, Service, "UnaryCall", SimpleRequest.Parser, SimpleResponse.Parser);
    public static readonly RpcMethod<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall = new(RpcMethodType.ServerStreaming, Service, "StreamingOutputCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);
    public static readonly RpcMethod<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall = new(RpcMethodType.ClientStreaming, Service, "StreamingInputCall", StreamingInputCallRequest.Parser, StreamingInputCallResponse.Parser);
    public static readonly RpcMethod<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall = new(RpcMethodType.DuplexStreaming, Service, "FullDuplexCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);
    public static readonly RpcMethod<Empty, Empty> UnimplementedCall = new(RpcMethodType.Unary, Service, "UnimplementedCall", Empty.Parser, Empty.Parser);
    public static readonly RpcMethod<Empty, Empty> UnimplementedServiceCall = new(RpcMethodType.Unary, "grpc.testing.UnimplementedService", "UnimplementedCall", Empty.Parser, Empty.Parser);
}
