using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Atrium.Chassis.Errors;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;
using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Tests.Server;

public sealed class ErrorMappingInterceptorTests : IAsyncLifetime
{
    private GrpcTestServer _host = null!;
    private TestService.TestServiceClient _client = null!;
    private Grpc.Net.Client.GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _host = await GrpcTestServer.StartAsync<ProbeService>();
        _channel = _host.CreateChannel();
        _client = new TestService.TestServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    private static SimpleRequest Asking(string behaviour) => new() { ResponseStatus = new EchoStatus { Message = behaviour } };

    [Fact]
    public async Task UnaryCall_HandlerThrowsAtriumException_AnswersItsCodesStatusMessageAndErrorCodeTrailer()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.UnaryCallAsync(Asking("atrium")).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.NotFound);
        error.Status.Detail.ShouldBe("Product 'x' does not exist.");
        error.GetErrorCode().ShouldBe(ErrorCodes.NotFound.Name);
    }

    [Fact]
    public async Task UnaryCall_HandlerThrowsRpcException_KeepsItsStatusAndTrailers()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.UnaryCallAsync(Asking("rpc")).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.AlreadyExists);
        error.Status.Detail.ShouldBe("kept as thrown");
        error.Trailers.GetValue("x-kept").ShouldBe("yes");
        error.GetErrorCode().ShouldBeNull();
    }

    [Fact]
    public async Task UnaryCall_HandlerFailsUnexpectedly_AnswersInternalWithoutDetailsAndLogsTheException()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.UnaryCallAsync(Asking("boom")).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Internal);
        error.Status.Detail.ShouldBe(ErrorCodes.Internal.Title);
        error.Status.Detail.ShouldNotContain("hunter2");
        error.Trailers.ShouldAllBe(t => !t.Key.Contains("exception", StringComparison.OrdinalIgnoreCase) && !t.Value.Contains("hunter2", StringComparison.Ordinal));
        _host.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Error
            && e.Message.Contains("/grpc.testing.TestService/UnaryCall", StringComparison.Ordinal)
            && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task UnaryCall_HandlersOwnCancellation_AnswersCancelledWithoutAnErrorLog()
    {
        var error = await Should.ThrowAsync<RpcException>(() => _client.UnaryCallAsync(Asking("own-timeout")).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Cancelled);
        error.Status.Detail.ShouldBe(ErrorCodes.Cancelled.Title);
        _host.Logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task UnaryCall_CallerSetsADeadline_TheHandlerSeesTheSameDeadline()
    {
        var key = Guid.NewGuid().ToString();
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(2);
        var request = Asking("wait");
        request.Payload = new Payload { Body = ByteString.CopyFromUtf8(key) };

        using (_client.UnaryCallAsync(request, deadline: deadline))
        {
            var seen = await ProbeService.DeadlineSeen(key).Task.WaitAsync(TimeSpan.FromSeconds(60));

            // grpc-timeout carried it: the server's deadline is the caller's, give or take the time in transit.
            (seen - deadline).Duration().ShouldBeLessThan(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task UnaryCall_Completes_TagsTheServerRequestDurationWithTheGrpcStatus()
    {
        var seen = new ConcurrentDictionary<int, TaskCompletionSource>();
        TaskCompletionSource For(int code) => seen.GetOrAdd(code, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "http.server.request.duration", Meter.Name: "Microsoft.AspNetCore.Hosting" })
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            object? route = null, status = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "http.route": route = tag.Value; break;
                    case Atrium.Rpc.Server.ErrorMappingInterceptor.StatusCodeTag: status = tag.Value; break;
                }
            }

            if ((string?)route == "/grpc.testing.TestService/UnaryCall" && status is int code)
            {
                For(code).TrySetResult();
            }
        });
        listener.Start();

        await _client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1 }).ResponseAsync;
        await Should.ThrowAsync<RpcException>(() => _client.UnaryCallAsync(Asking("atrium")).ResponseAsync);

        // Recorded as the response completes, which may be a moment after the caller has its answer.
        await For((int)StatusCode.OK).Task.WaitAsync(TimeSpan.FromSeconds(30));
        await For((int)StatusCode.NotFound).Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
