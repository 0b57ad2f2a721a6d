using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>
/// The interop TestService on grpc-dotnet with the server behaviours the cases check: echoed metadata and status,
/// sized payloads, response intervals. UnimplementedCall is left to the generated base, which answers UNIMPLEMENTED.
/// </summary>
internal sealed class InteropTestService : TestService.TestServiceBase
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public override Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        ThrowIfStatus(request.ResponseStatus);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            await WriteAsync(parameters, responseStream, context).ConfigureAwait(false);
        }

        ThrowIfStatus(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        var total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            total += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            ThrowIfStatus(request.ResponseStatus);
            foreach (var parameters in request.ResponseParameters)
            {
                await WriteAsync(parameters, responseStream, context).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(ResponseParameters parameters, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        if (parameters.IntervalUs > 0)
        {
            await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), TimeProvider.System, context.CancellationToken).ConfigureAwait(false);
        }

        await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        var initial = context.RequestHeaders.Get(EchoInitialKey);
        if (initial is not null)
        {
            await context.WriteResponseHeadersAsync(new Grpc.Core.Metadata { initial }).ConfigureAwait(false);
        }

        var trailing = context.RequestHeaders.Get(EchoTrailingKey);
        if (trailing is not null)
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    private static void ThrowIfStatus(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new Grpc.Core.RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
