using Atrium.Chassis.Errors;
using Atrium.Rpc.Client;
using Atrium.Rpc.Metadata;
using Google.Protobuf;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>
/// The interop cases on the Atrium client, per https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md.
/// Each throws when the server misbehaves.
/// </summary>
internal static class InteropCases
{
    public static readonly string[] All =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "custom_metadata", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response",
    ];

    public static TheoryData<string> Names => [.. All];

    public static Task RunAsync(RpcChannel channel, string name) => name switch
    {
        "empty_unary" => EmptyUnaryAsync(channel),
        "large_unary" => LargeUnaryAsync(channel),
        "client_streaming" => ClientStreamingAsync(channel),
        "server_streaming" => ServerStreamingAsync(channel),
        "ping_pong" => PingPongAsync(channel),
        "empty_stream" => EmptyStreamAsync(channel),
        "custom_metadata" => CustomMetadataAsync(channel),
        "status_code_and_message" => StatusCodeAndMessageAsync(channel),
        "special_status_message" => SpecialStatusMessageAsync(channel),
        "unimplemented_method" => ExpectStatusAsync(GrpcStatusCode.Unimplemented, () => channel.UnaryAsync(TestServiceMethods.UnimplementedCall, new Empty())),
        "unimplemented_service" => ExpectStatusAsync(GrpcStatusCode.Unimplemented, () => channel.UnaryAsync(TestServiceMethods.UnimplementedServiceCall, new Empty())),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServerAsync(channel),
        "cancel_after_begin" => CancelAfterBeginAsync(channel),
        "cancel_after_first_response" => CancelAfterFirstResponseAsync(channel),
        _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
    };

    private static RpcCallOptions Options(RpcMetadata? headers = null, CancellationToken cancellationToken = default) =>
        new() { Headers = headers, Deadline = DateTimeOffset.UtcNow.AddSeconds(10), CancellationToken = cancellationToken };

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static async Task EmptyUnaryAsync(RpcChannel channel)
    {
        var response = await channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty(), Options());
        response.ShouldBe(new Empty());
    }

    private static async Task LargeUnaryAsync(RpcChannel channel)
    {
        var response = await channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Options());
        response.Payload.Body.Length.ShouldBe(314159);
        response.Payload.Body.All(b => b == 0).ShouldBeTrue();
    }

    private static async Task ClientStreamingAsync(RpcChannel channel)
    {
        using var call = channel.ClientStreaming(TestServiceMethods.StreamingInputCall, Options());
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();
        (await call).AggregatedPayloadSize.ShouldBe(74922);
    }

    private static async Task ServerStreamingAsync(RpcChannel channel)
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = channel.ServerStreaming(TestServiceMethods.StreamingOutputCall, request, Options());
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }

        received.ShouldBe(sizes);
        call.GetStatus().Code.ShouldBe(GrpcStatusCode.OK);
    }

    private static async Task PingPongAsync(RpcChannel channel)
    {
        using var call = channel.DuplexStreaming(TestServiceMethods.FullDuplexCall, Options());
        foreach (var (response, request) in new[] { (31415, 27182), (9, 8), (2653, 1828), (58979, 45904) })
        {
            await call.RequestStream.WriteAsync(Echo(response, request));
            (await call.ResponseStream.MoveNextAsync()).ShouldBeTrue();
            call.ResponseStream.Current.Payload.Body.Length.ShouldBe(response);
        }

        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNextAsync()).ShouldBeFalse();
    }

    private static async Task EmptyStreamAsync(RpcChannel channel)
    {
        using var call = channel.DuplexStreaming(TestServiceMethods.FullDuplexCall, Options());
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNextAsync()).ShouldBeFalse();
        call.GetStatus().Code.ShouldBe(GrpcStatusCode.OK);
    }

    private static async Task CustomMetadataAsync(RpcChannel channel)
    {
        static RpcMetadata Headers() => new RpcMetadata()
            .Add("x-grpc-test-echo-initial", "test_initial_metadata_value")
            .Add("x-grpc-test-echo-trailing-bin", [0xab, 0xab, 0xab]);

        using (var call = channel.Unary(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Options(Headers())))
        {
            (await call).Payload.Body.Length.ShouldBe(314159);
            (await call.ResponseHeadersAsync).GetValue("x-grpc-test-echo-initial").ShouldBe("test_initial_metadata_value");
            call.GetTrailers().GetBytes("x-grpc-test-echo-trailing-bin").ShouldBe(new byte[] { 0xab, 0xab, 0xab });
        }

        using var stream = channel.DuplexStreaming(TestServiceMethods.FullDuplexCall, Options(Headers()));
        await stream.RequestStream.WriteAsync(Echo(314159, 271828));
        (await stream.ResponseStream.MoveNextAsync()).ShouldBeTrue();
        stream.ResponseStream.Current.Payload.Body.Length.ShouldBe(314159);
        await stream.RequestStream.CompleteAsync();
        (await stream.ResponseStream.MoveNextAsync()).ShouldBeFalse();
        (await stream.ResponseHeadersAsync).GetValue("x-grpc-test-echo-initial").ShouldBe("test_initial_metadata_value");
        stream.GetTrailers().GetBytes("x-grpc-test-echo-trailing-bin").ShouldBe(new byte[] { 0xab, 0xab, 0xab });
    }

    private static async Task StatusCodeAndMessageAsync(RpcChannel channel)
    {
        const string Message = "test status message";
        var status = new EchoStatus { Code = 2, Message = Message };
        var unary = await ExpectStatusAsync(GrpcStatusCode.Unknown, () => channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseStatus = status }, Options()));
        unary.Detail.ShouldBe(Message);

        using var call = channel.DuplexStreaming(TestServiceMethods.FullDuplexCall, Options());
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.RequestStream.CompleteAsync();
        var duplex = await ExpectStatusAsync(GrpcStatusCode.Unknown, async () => await call.ResponseStream.MoveNextAsync());
        duplex.Detail.ShouldBe(Message);
    }

    private static async Task SpecialStatusMessageAsync(RpcChannel channel)
    {
        const string Message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        var status = new EchoStatus { Code = 2, Message = Message };
        var error = await ExpectStatusAsync(GrpcStatusCode.Unknown, () => channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseStatus = status }, Options()));
        error.Detail.ShouldBe(Message);
    }

    private static async Task TimeoutOnSleepingServerAsync(RpcChannel channel)
    {
        using var call = channel.DuplexStreaming(TestServiceMethods.FullDuplexCall, new RpcCallOptions { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(1) });
        await ExpectStatusAsync(GrpcStatusCode.DeadlineExceeded, async () =>
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
            await call.ResponseStream.MoveNextAsync();
        });
    }

    private static async Task CancelAfterBeginAsync(RpcChannel channel)
    {
        using var cts = new CancellationTokenSource();
        using var call = channel.ClientStreaming(TestServiceMethods.StreamingInputCall, Options(cancellationToken: cts.Token));
        await cts.CancelAsync();
        await ExpectStatusAsync(GrpcStatusCode.Cancelled, () => call.ResponseAsync);
    }

    private static async Task CancelAfterFirstResponseAsync(RpcChannel channel)
    {
        using var cts = new CancellationTokenSource();
        using var call = channel.DuplexStreaming(TestServiceMethods.FullDuplexCall, Options(cancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(Echo(31415, 27182));
        (await call.ResponseStream.MoveNextAsync()).ShouldBeTrue();
        call.ResponseStream.Current.Payload.Body.Length.ShouldBe(31415);
        await cts.CancelAsync();
        await ExpectStatusAsync(GrpcStatusCode.Cancelled, async () => await call.ResponseStream.MoveNextAsync());
    }

    private static StreamingOutputCallRequest Echo(int responseSize, int requestSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(requestSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static async Task<RpcException> ExpectStatusAsync(GrpcStatusCode code, Func<Task> call)
    {
        var error = await Should.ThrowAsync<RpcException>(call);
        error.StatusCode.ShouldBe(code, error.Detail);
        return error;
    }
}
