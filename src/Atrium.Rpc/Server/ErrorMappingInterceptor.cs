using Atrium.Chassis.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Server;

/// <summary>
/// Gives every call's failure the status of the one error table: an <see cref="AtriumException"/> its code's gRPC
/// status, message and an <c>x-error-code</c> trailer; a <see cref="RpcException"/> stays as thrown; the end of a
/// cancelled or timed-out call stays grpc-dotnet's, a cancellation of the handler's own is CANCELLED; anything else is
/// logged and answered INTERNAL without details.
/// Tags the request's <c>http.server.request.duration</c> with <c>rpc.grpc.status_code</c>.
/// </summary>
internal sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, TimeProvider time) : Interceptor
{
    public const string StatusCodeTag = "rpc.grpc.status_code";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Tag(context, StatusCode.OK);
            return response;
        }
        catch (Exception ex) when (MapOrNull(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Tag(context, StatusCode.OK);
            return response;
        }
        catch (Exception ex) when (MapOrNull(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Tag(context, StatusCode.OK);
        }
        catch (Exception ex) when (MapOrNull(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            Tag(context, StatusCode.OK);
        }
        catch (Exception ex) when (MapOrNull(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private static void Tag(ServerCallContext context, StatusCode code) =>
        context.GetHttpContext().Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(StatusCodeTag, (int)code));

    // Runs as the exception filter, so an unexpected failure is logged with its stack intact. Returns the exception
    // to throw instead, or null to let the original go on unchanged.
    private RpcException? MapOrNull(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException rpc:
                Tag(context, rpc.StatusCode);
                return null;
            case AtriumException atrium:
                Tag(context, atrium.Code.GrpcStatus.ToStatusCode());
                return new RpcException(
                    new Status(atrium.Code.GrpcStatus.ToStatusCode(), atrium.Message),
                    new Metadata { { ErrorTrailers.ErrorCode, atrium.Code.Name } });
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The caller cancelled or its deadline passed: grpc-dotnet has ended the call already.
                Tag(context, context.Deadline <= time.GetUtcNow().UtcDateTime ? StatusCode.DeadlineExceeded : StatusCode.Cancelled);
                return null;
            case OperationCanceledException:
                // A timeout of the handler's own (a database command, a lock wait): the caller may try again.
                Tag(context, StatusCode.Cancelled);
                return new RpcException(new Status(StatusCode.Cancelled, ErrorCodes.Cancelled.Title));
            default:
                Tag(context, StatusCode.Internal);
                if (!context.CancellationToken.IsCancellationRequested)
                {
                    // After the caller has gone, a failure is the fallout of its leaving, not a fault to chase.
                    GrpcServerLog.Unexpected(logger, context.Method, exception);
                }

                return new RpcException(new Status(StatusCode.Internal, ErrorCodes.Internal.Title));
        }
    }
}
