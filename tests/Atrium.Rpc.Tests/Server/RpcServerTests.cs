using System.Net;
using Atrium.Chassis.Errors;
using Atrium.Rpc.Client;
using Atrium.Rpc.Framing;
using Atrium.Rpc.Server;
using Atrium.Rpc.Tests.Interop;
using Google.Protobuf;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Server;

public sealed class RpcServerTests
{
    private static SimpleRequest Sized(int bytes) => new() { Payload = new Payload { Body = ByteString.CopyFrom(new byte[bytes]) } };

    [Fact]
    public async Task UnknownMethod_GrpcRequest_AnswersUnimplementedTrailersOnly()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(InteropTestService.Map));
        using var response = await RawAsync(server, "/no.such.Service/Method", MessageFramer.ToArray(new Empty(), false, int.MaxValue));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("grpc-status").Single().ShouldBe("12");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Request_UnsupportedGrpcEncoding_AnswersUnimplemented()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(InteropTestService.Map));
        using var response = await RawAsync(server, TestServiceMethods.EmptyCall.FullName, MessageFramer.ToArray(new Empty(), false, int.MaxValue), ("grpc-encoding", "br"));

        response.Headers.GetValues("grpc-status").Single().ShouldBe("12");
        response.Headers.GetValues("grpc-accept-encoding").Single().ShouldBe("identity,gzip");
    }

    [Fact]
    public async Task Handler_ThrowsUnexpected_AnswersInternalWithoutDetails()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapUnary(TestServiceMethods.EmptyCall, (_, _) => throw new InvalidOperationException("secret connection string"))));
        using var channel = server.CreateChannel();

        var error = await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty()));

        error.StatusCode.ShouldBe(GrpcStatusCode.Internal);
        error.Detail.ShouldBe(ErrorCodes.Internal.Title);
    }

    [Fact]
    public async Task Handler_ThrowsAtriumException_MapsThroughTheErrorTable()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapUnary(TestServiceMethods.EmptyCall, (_, _) => throw new AtriumException(ErrorCodes.BusinessRuleViolated, "insufficient funds"))));
        using var channel = server.CreateChannel();

        var error = await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty()));

        error.StatusCode.ShouldBe(ErrorCodes.BusinessRuleViolated.GrpcStatus);
        error.Detail.ShouldBe("insufficient funds");
        error.Trailers.GetValue("x-error-code").ShouldBe("BUSINESS_RULE_VIOLATED");
    }

    [Fact]
    public async Task Request_LargerThanMaxReceiveMessageSize_AnswersResourceExhausted()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(InteropTestService.Map), o => o.MaxReceiveMessageSize = 1024);
        using var channel = server.CreateChannel();

        (await channel.UnaryAsync(TestServiceMethods.UnaryCall, Sized(500))).ShouldNotBeNull();
        var error = await Should.ThrowAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall, Sized(2000)));

        error.StatusCode.ShouldBe(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new RpcServerOptions();

        options.MaxReceiveMessageSize.ShouldBe(4 * 1024 * 1024);
        options.MaxSendMessageSize.ShouldBe(int.MaxValue);
        options.CompressResponses.ShouldBeFalse();
        options.Interceptors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Gzip_BothDirections_RoundTrips()
    {
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(InteropTestService.Map), o => o.CompressResponses = true);
        using var channel = server.CreateChannel(new RpcChannelOptions { CompressRequests = true });

        using var call = channel.Unary(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseSize = 100_000, Payload = Sized(50_000).Payload });

        (await call).Payload.Body.Length.ShouldBe(100_000);
        (await call.ResponseHeadersAsync).ShouldNotBeNull();
    }

    [Fact]
    public async Task GrpcTimeout_HandlerIgnoresIt_ServerAnswersDeadlineExceededAndCancelsToken()
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapUnary(TestServiceMethods.EmptyCall, async (_, context) =>
            {
                context.CancellationToken.Register(() => cancelled.TrySetResult(true));
                // Ignores its token and runs far past the 200 ms deadline; capped so that a server waiting for it
                // still answers (with OK) and the test fails on the status rather than hangs.
                await Task.WhenAny(release.Task, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
                handlerDone.SetResult();
                return new Empty();
            })));

        try
        {
            // A raw request: the server alone enforces the deadline here.
            using var response = await RawAsync(server, TestServiceMethods.EmptyCall.FullName, MessageFramer.ToArray(new Empty(), false, int.MaxValue), ("grpc-timeout", "200m"));
            await response.Content.ReadAsByteArrayAsync();

            // Against the handler, not the clock: opening a new h2c connection alone can take seconds on a busy machine.
            handlerDone.Task.IsCompleted.ShouldBeFalse("the answer must not wait for the handler");
            Status(response).ShouldBe("4");
            (await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task ClientCancels_StreamIsReset_HandlerTokenIsCancelled()
    {
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapClientStreaming(TestServiceMethods.StreamingInputCall, async (requests, context) =>
            {
                context.CancellationToken.Register(() => cancelled.TrySetResult());
                reading.TrySetResult();
                await requests.MoveNextAsync();
                return new StreamingInputCallResponse();
            })));
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();

        using var call = channel.ClientStreaming(TestServiceMethods.StreamingInputCall, new RpcCallOptions { CancellationToken = cts.Token });
        // Generous: on a machine busy with other suites, opening the connection and reaching the handler has taken over
        // 5 s; a handler whose token is never cancelled still fails here.
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        (await Should.ThrowAsync<RpcException>(() => call.ResponseAsync)).StatusCode.ShouldBe(GrpcStatusCode.Cancelled);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ClientDeadline_SentAsGrpcTimeout_FlowsIntoHandlerContext()
    {
        DateTimeOffset? seen = null;
        await using var server = await RpcTestServer.StartAsync(app => app.MapRpcService(s => s
            .MapUnary(TestServiceMethods.EmptyCall, (_, context) =>
            {
                seen = context.Deadline;
                return Task.FromResult(new Empty());
            })));
        using var channel = server.CreateChannel();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        var before = DateTimeOffset.UtcNow;

        await channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty(), new RpcCallOptions { Deadline = deadline });
        var after = DateTimeOffset.UtcNow;

        // The header carries the time left, rounded up, and the server counts it from when the request arrived: the
        // deadline it sees is later than the caller's by at most the time the request took to get there, which on a
        // busy machine (a new connection) can be seconds, so it is bounded by the call's duration, not a constant.
        seen.ShouldNotBeNull();
        var slack = TimeSpan.FromMilliseconds(5);
        seen.Value.ShouldBeInRange(deadline - slack, deadline + (after - before) + slack);
    }

    private static string? Status(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;

    private static async Task<HttpResponseMessage> RawAsync(RpcTestServer server, string path, byte[] body, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
