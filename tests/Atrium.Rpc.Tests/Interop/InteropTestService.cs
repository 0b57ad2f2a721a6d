using Atrium.Chassis.Errors;
using Atrium.Rpc.Metadata;
using Atrium.Rpc.Server;
using Google.Protobuf;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>The interop TestService on Atrium.Rpc (UnimplementedCall is left unmapped on purpose).</summary>
internal static class InteropTestService
{
    private const string EchoInitial = "x-grpc-test-echo-initial";
    private const string EchoTrailing = "x-grpc-test-echo-trailing-bin";

    public static void Map(RpcServiceBuilder service) => service
        .MapUnary(TestServiceMethods.EmptyCall, (_, _) => Task.FromResult(new Empty()))
        .MapUnary(TestServiceMethods.UnaryCall, UnaryCallAsync)
        .MapServerStreaming(TestServiceMethods.StreamingOutputCall, StreamingOutputCallAsync)
        .MapClientStreaming(TestServiceMethods.StreamingInputCall, StreamingInputCallAsync)
        .MapDuplexStreaming(TestServiceMethods.FullDuplexCall, FullDuplexCallAsync);

    private static async Task<SimpleResponse> UnaryCallAsync(SimpleRequest request, RpcServerContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        ThrowIfStatus(request.ResponseStatus);
        return new SimpleResponse { Payload = Payload(request.ResponseSize) };
    }

    private static async Task StreamingOutputCallAsync(StreamingOutputCallRequest request, IRpcStreamWriter<StreamingOutputCallResponse> responses, RpcServerContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            await WriteAsync(parameters, responses, context).ConfigureAwait(false);
        }

        ThrowIfStatus(request.ResponseStatus);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCallAsync(IRpcStreamReader<StreamingInputCallRequest> requests, RpcServerContext context)
    {
        var total = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            total += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    private static async Task FullDuplexCallAsync(IRpcStreamReader<StreamingOutputCallRequest> requests, IRpcStreamWriter<StreamingOutputCallResponse> responses, RpcServerContext context)
    {
        await EchoMetadataAsync(context).ConfigureAwait(false);
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            ThrowIfStatus(request.ResponseStatus);
            foreach (var parameters in request.ResponseParameters)
            {
                await WriteAsync(parameters, responses, context).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(ResponseParameters parameters, IRpcStreamWriter<StreamingOutputCallResponse> responses, RpcServerContext context)
    {
        if (parameters.IntervalUs > 0)
        {
            await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken).ConfigureAwait(false);
        }

        await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Payload(parameters.Size) }, context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task EchoMetadataAsync(RpcServerContext context)
    {
        var initial = context.RequestHeaders.GetValue(EchoInitial);
        if (initial is not null)
        {
            await context.WriteResponseHeadersAsync(new RpcMetadata().Add(EchoInitial, initial)).ConfigureAwait(false);
        }

        var trailing = context.RequestHeaders.GetBytes(EchoTrailing);
        if (trailing is not null)
        {
            context.ResponseTrailers.Add(EchoTrailing, trailing);
        }
    }

    private static void ThrowIfStatus(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((GrpcStatusCode)status.Code, status.Message);
        }
    }

    private static Payload Payload(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
