using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Interop;

/// <summary>
/// The interop cases on a grpc-dotnet client (the generated <see cref="TestService.TestServiceClient"/>), per
/// https://github.com/grpc/grpc/blob/master/doc/interop-test-descriptions.md. Each throws when the server misbehaves.
/// </summary>
internal static class InteropCases
{
    public static readonly string[] All =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "custom_metadata", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response",
    ];

    private static readonly byte[] TrailingValue = [0xab, 0xab, 0xab];

    public static TheoryData<string> Names => [.. All];

    public static Task RunAsync(GrpcChannel channel, string name)
    {
        var client = new TestService.TestServiceClient(channel);
        return name switch
        {
            "empty_unary" => EmptyUnaryAsync(client),
            "large_unary" => LargeUnaryAsync(client),
            "client_streaming" => ClientStreamingAsync(client),
            "server_streaming" => ServerStreamingAsync(client),
            "ping_pong" => PingPongAsync(client),
            "empty_stream" => EmptyStreamAsync(client),
            "custom_metadata" => CustomMetadataAsync(client),
            "status_code_and_message" => StatusCodeAndMessageAsync(client),
            "special_status_message" => SpecialStatusMessageAsync(client),
            "unimplemented_method" => ExpectStatusAsync(StatusCode.Unimplemented, () => client.UnimplementedCallAsync(new Empty(), Options()).ResponseAsync),
            "unimplemented_service" => ExpectStatusAsync(StatusCode.Unimplemented,
                () => new UnimplementedService.UnimplementedServiceClient(channel).UnimplementedCallAsync(new Empty(), Options()).ResponseAsync),
            "timeout_on_sleeping_server" => TimeoutOnSleepingServerAsync(client),
            "cancel_after_begin" => CancelAfterBeginAsync(client),
            "cancel_after_first_response" => CancelAfterFirstResponseAsync(client),
            _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
        };
    }

    // Generous: only a server that never answers should hit it, never a slow machine.
    private static CallOptions Options(Grpc.Core.Metadata? headers = null, CancellationToken cancellationToken = default) =>
        new(headers, DeadlineIn(TimeSpan.FromSeconds(30)), cancellationToken);

    private static DateTime DeadlineIn(TimeSpan timeout) => TimeProvider.System.GetUtcNow().UtcDateTime + timeout;

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static async Task EmptyUnaryAsync(TestService.TestServiceClient client)
    {
        var response = await client.EmptyCallAsync(new Empty(), Options());
        response.ShouldBe(new Empty());
    }

    private static async Task LargeUnaryAsync(TestService.TestServiceClient client)
    {
        var response = await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Options());
        response.Payload.Body.Length.ShouldBe(314159);
        response.Payload.Body.All(b => b == 0).ShouldBeTrue();
    }

    private static async Task ClientStreamingAsync(TestService.TestServiceClient client)
    {
        using var call = client.StreamingInputCall(Options());
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();
        (await call.ResponseAsync).AggregatedPayloadSize.ShouldBe(74922);
    }

    private static async Task ServerStreamingAsync(TestService.TestServiceClient client)
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = client.StreamingOutputCall(request, Options());
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }

        received.ShouldBe(sizes);
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    private static async Task PingPongAsync(TestService.TestServiceClient client)
    {
        using var call = client.FullDuplexCall(Options());
        foreach (var (response, request) in new[] { (31415, 27182), (9, 8), (2653, 1828), (58979, 45904) })
        {
            await call.RequestStream.WriteAsync(Echo(response, request));
            (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
            call.ResponseStream.Current.Payload.Body.Length.ShouldBe(response);
        }

        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    private static async Task EmptyStreamAsync(TestService.TestServiceClient client)
    {
        using var call = client.FullDuplexCall(Options());
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    private static async Task CustomMetadataAsync(TestService.TestServiceClient client)
    {
        static Grpc.Core.Metadata Headers() => new()
        {
            { InteropTestService.EchoInitialKey, "test_initial_metadata_value" },
            { InteropTestService.EchoTrailingKey, TrailingValue },
        };

        using (var call = client.UnaryCallAsync(new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) }, Options(Headers())))
        {
            (await call.ResponseAsync).Payload.Body.Length.ShouldBe(314159);
            (await call.ResponseHeadersAsync).GetValue(InteropTestService.EchoInitialKey).ShouldBe("test_initial_metadata_value");
            call.GetTrailers().GetValueBytes(InteropTestService.EchoTrailingKey).ShouldBe(TrailingValue);
        }

        using var stream = client.FullDuplexCall(Options(Headers()));
        await stream.RequestStream.WriteAsync(Echo(314159, 271828));
        (await stream.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        stream.ResponseStream.Current.Payload.Body.Length.ShouldBe(314159);
        await stream.RequestStream.CompleteAsync();
        (await stream.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        (await stream.ResponseHeadersAsync).GetValue(InteropTestService.EchoInitialKey).ShouldBe("test_initial_metadata_value");
        stream.GetTrailers().GetValueBytes(InteropTestService.EchoTrailingKey).ShouldBe(TrailingValue);
    }

    private static async Task StatusCodeAndMessageAsync(TestService.TestServiceClient client)
    {
        const string Message = "test status message";
        var status = new EchoStatus { Code = 2, Message = Message };
        var unary = await ExpectStatusAsync(StatusCode.Unknown, () => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }, Options()).ResponseAsync);
        unary.Status.Detail.ShouldBe(Message);

        using var call = client.FullDuplexCall(Options());
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.RequestStream.CompleteAsync();
        var duplex = await ExpectStatusAsync(StatusCode.Unknown, () => call.ResponseStream.MoveNext(CancellationToken.None));
        duplex.Status.Detail.ShouldBe(Message);
    }

    private static async Task SpecialStatusMessageAsync(TestService.TestServiceClient client)
    {
        const string Message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        var status = new EchoStatus { Code = 2, Message = Message };
        var error = await ExpectStatusAsync(StatusCode.Unknown, () => client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }, Options()).ResponseAsync);
        error.Status.Detail.ShouldBe(Message);
    }

    private static async Task TimeoutOnSleepingServerAsync(TestService.TestServiceClient client)
    {
        using var call = client.FullDuplexCall(deadline: DeadlineIn(TimeSpan.FromMilliseconds(1)));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (Exception ex) when (ex is InvalidOperationException or Grpc.Core.RpcException { StatusCode: StatusCode.DeadlineExceeded })
        {
            // The deadline may pass before the write starts (the spec allows it); the call's status below is the check.
        }

        await ExpectStatusAsync(StatusCode.DeadlineExceeded, () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private static async Task CancelAfterBeginAsync(TestService.TestServiceClient client)
    {
        using var cts = new CancellationTokenSource();
        using var call = client.StreamingInputCall(Options(cancellationToken: cts.Token));
        await cts.CancelAsync();
        await ExpectStatusAsync(StatusCode.Cancelled, () => call.ResponseAsync);
    }

    private static async Task CancelAfterFirstResponseAsync(TestService.TestServiceClient client)
    {
        using var cts = new CancellationTokenSource();
        using var call = client.FullDuplexCall(Options(cancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(Echo(31415, 27182));
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        call.ResponseStream.Current.Payload.Body.Length.ShouldBe(31415);
        await cts.CancelAsync();
        await ExpectStatusAsync(StatusCode.Cancelled, () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    private static StreamingOutputCallRequest Echo(int responseSize, int requestSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(requestSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static async Task<Grpc.Core.RpcException> ExpectStatusAsync(StatusCode code, Func<Task> call)
    {
        var error = await Should.ThrowAsync<Grpc.Core.RpcException>(call);
        error.StatusCode.ShouldBe(code, error.Status.Detail);
        return error;
    }
}
