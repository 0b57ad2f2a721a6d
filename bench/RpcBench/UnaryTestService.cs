using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace RpcBench;

/// <summary>The interop <c>UnaryCall</c> only: answers with a zeroed payload of the size asked for.</summary>
internal sealed class UnaryTestService : TestService.TestServiceBase
{
    public override Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) =>
        Task.FromResult(new SimpleResponse
        {
            Payload = new Payload { Body = ByteString.CopyFrom(new byte[request.ResponseSize]) },
        });
}
