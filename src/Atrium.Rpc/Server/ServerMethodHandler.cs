using System.Diagnostics;
using Atrium.Chassis.Errors;
using Atrium.Rpc.Framing;
using Atrium.Rpc.Interceptors;
using Atrium.Rpc.Metadata;
using Atrium.Rpc.Telemetry;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Atrium.Rpc.Server;

/// <summary>
/// The endpoint of one method: checks the request, sets up deadline and cancellation, runs the interceptors and the
/// handler, and answers with the status. One instance per mapped method; nothing is resolved per call.
/// </summary>
internal sealed class ServerMethodHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly RpcMethod<TRequest, TResponse> _method;
    private readonly RpcServerRuntime _runtime;
    private readonly Delegate _handler;
    private readonly RpcServerContinuation _pipeline;

    public ServerMethodHandler(RpcMethod<TRequest, TResponse> method, Delegate handler, RpcServerRuntime runtime, IReadOnlyList<IRpcServerInterceptor> interceptors)
    {
        _method = method;
        _handler = handler;
        _runtime = runtime;
        RpcServerContinuation terminal = method.Type switch
        {
            RpcMethodType.Unary => RunUnaryAsync,
            RpcMethodType.ServerStreaming => RunServerStreamingAsync,
            RpcMethodType.ClientStreaming => RunClientStreamingAsync,
            _ => RunDuplexAsync,
        };
        _pipeline = InterceptorPipeline.Build(interceptors, terminal);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var time = _runtime.TimeProvider;
        var started = time.GetTimestamp();
        using var activity = RpcTelemetry.StartActivity(_method, ActivityKind.Server);
        var status = await HandleCoreAsync(http).ConfigureAwait(false);
        RpcTelemetry.Stop(activity, status);
        RpcTelemetry.RecordServer(_method, status, time.GetElapsedTime(started));
    }

    private async Task<GrpcStatusCode> HandleCoreAsync(HttpContext http)
    {
        var request = http.Request;
        var response = http.Response;
        if (!RpcHeaders.IsGrpcContentType(request.ContentType))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return GrpcStatusCode.Internal;
        }

        response.ContentType = RpcHeaders.ContentType;
        var headers = request.Headers;
        string? encoding = headers[RpcHeaders.Encoding];
        if (!MessageEncodings.IsSupported(encoding))
        {
            RpcServerLog.UnsupportedEncoding(_runtime.Logger, _method.FullName, encoding!);
            response.Headers[RpcHeaders.AcceptEncoding] = MessageEncodings.AcceptEncoding;
            var refused = new ServerCall(http, _runtime, null, false, false);
            var unsupported = new RpcStatus(GrpcStatusCode.Unimplemented, $"grpc-encoding '{encoding}' is not supported; use one of {MessageEncodings.AcceptEncoding}.");
            await refused.CompleteAsync(unsupported, null, flushNow: false).ConfigureAwait(false);
            return unsupported.Code;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            var refused = new ServerCall(http, _runtime, null, false, false);
            var wrongProtocol = new RpcStatus(GrpcStatusCode.Internal, $"gRPC needs HTTP/2; the request used {request.Protocol}.");
            await refused.CompleteAsync(wrongProtocol, null, flushNow: false).ConfigureAwait(false);
            return wrongProtocol.Code;
        }

        var compress = _runtime.Options.CompressResponses && MessageEncodings.Accepts(headers[RpcHeaders.AcceptEncoding], MessageEncodings.Gzip);
        if (compress)
        {
            response.Headers[RpcHeaders.Encoding] = MessageEncodings.Gzip;
        }

        CancellationTokenSource? deadlineSource = null;
        CancellationTokenSource? linked = null;
        DateTimeOffset? deadline = null;
        var token = http.RequestAborted;
        var hasTimeout = GrpcTimeoutHeader.TryParse(headers[RpcHeaders.Timeout], out var timeout);
        if (hasTimeout)
        {
            deadline = _runtime.TimeProvider.GetUtcNow() + timeout;
            deadlineSource = new CancellationTokenSource(timeout, _runtime.TimeProvider);
            linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, deadlineSource.Token);
            token = linked.Token;
        }

        try
        {
            var call = new ServerCall(http, _runtime, encoding, compress, hasTimeout);
            var context = new RpcServerContext(call, _method, deadline, token);
            return await RunAsync(call, context, deadlineSource, timeout).ConfigureAwait(false);
        }
        finally
        {
            linked?.Dispose();
            deadlineSource?.Dispose();
        }
    }

    private async Task<GrpcStatusCode> RunAsync(ServerCall call, RpcServerContext context, CancellationTokenSource? deadlineSource, TimeSpan timeout)
    {
        var http = call.HttpContext;
        RpcStatus status;
        var trailers = new RpcMetadata();
        try
        {
            var pipeline = _pipeline(context);
            if (deadlineSource is not null && !pipeline.IsCompleted)
            {
                var handlerTask = pipeline.AsTask();
                var expired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (deadlineSource.Token.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), expired))
                {
                    if (await Task.WhenAny(handlerTask, expired.Task).ConfigureAwait(false) != handlerTask)
                    {
                        // Answer at the deadline even if the handler has not noticed its cancelled token yet.
                        RpcServerLog.DeadlineExceeded(_runtime.Logger, _method.FullName, timeout.TotalMilliseconds);
                        await CompleteAfterDeadlineAsync(call, handlerTask).ConfigureAwait(false);
                        return GrpcStatusCode.DeadlineExceeded;
                    }
                }

                await handlerTask.ConfigureAwait(false);
            }
            else
            {
                await pipeline.ConfigureAwait(false);
            }

            status = RpcStatus.Ok;
            if (context.HasResponseTrailers)
            {
                trailers = context.ResponseTrailers;
            }
        }
        catch (Exception ex)
        {
            var deadlineExceeded = deadlineSource?.IsCancellationRequested == true;
            if (context.HasResponseTrailers)
            {
                trailers = context.ResponseTrailers;
            }

            status = ServerStatusMapper.Map(ex, deadlineExceeded, trailers, out var unexpected);
            if (unexpected && !http.RequestAborted.IsCancellationRequested)
            {
                RpcServerLog.HandlerFailed(_runtime.Logger, _method.FullName, ex);
            }
        }

        if (http.RequestAborted.IsCancellationRequested && status.Code != GrpcStatusCode.DeadlineExceeded)
        {
            // The caller reset the stream or left: nobody reads a status.
            return GrpcStatusCode.Cancelled;
        }

        await call.CompleteAsync(status, trailers, flushNow: false).ConfigureAwait(false);
        return status.Code;
    }

    private static async Task CompleteAfterDeadlineAsync(ServerCall call, Task handlerTask)
    {
        try
        {
            await call.CompleteAsync(new RpcStatus(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded."), null, flushNow: true).ConfigureAwait(false);
        }
        catch (Exception) when (call.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller is gone too.
        }

        try
        {
            await handlerTask.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The handler's failure after the deadline has no one to reach; the status is already sent.
        }
    }

    private async ValueTask RunUnaryAsync(RpcServerContext context)
    {
        var call = context.Call;
        var request = await ReadSingleAsync(context).ConfigureAwait(false);
        var response = await ((UnaryServerHandler<TRequest, TResponse>)_handler)(request, context).ConfigureAwait(false);
        await call.WriteMessageAsync(response, flush: false, context.CancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RunServerStreamingAsync(RpcServerContext context)
    {
        var request = await ReadSingleAsync(context).ConfigureAwait(false);
        var writer = new ServerStreamWriter<TResponse>(context.Call, context.CancellationToken);
        await ((ServerStreamingServerHandler<TRequest, TResponse>)_handler)(request, writer, context).ConfigureAwait(false);
    }

    private async ValueTask RunClientStreamingAsync(RpcServerContext context)
    {
        var reader = new ServerStreamReader<TRequest>(context.Call, _method.RequestParser, context.CancellationToken);
        var response = await ((ClientStreamingServerHandler<TRequest, TResponse>)_handler)(reader, context).ConfigureAwait(false);
        await context.Call.WriteMessageAsync(response, flush: false, context.CancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RunDuplexAsync(RpcServerContext context)
    {
        var reader = new ServerStreamReader<TRequest>(context.Call, _method.RequestParser, context.CancellationToken);
        var writer = new ServerStreamWriter<TResponse>(context.Call, context.CancellationToken);
        await ((DuplexStreamingServerHandler<TRequest, TResponse>)_handler)(reader, writer, context).ConfigureAwait(false);
    }

    private async ValueTask<TRequest> ReadSingleAsync(RpcServerContext context) =>
        await context.Call.Reader.ReadAsync(_method.RequestParser, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(GrpcStatusCode.Internal, "The request has no message.");
}
