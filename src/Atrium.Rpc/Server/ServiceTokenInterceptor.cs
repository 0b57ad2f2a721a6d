using Atrium.Chassis.Errors;
using Atrium.Chassis.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Server;

/// <summary>
/// Lets a call through only with a service token for this module that grants the method's scope: no token, or one
/// that is malformed, expired, for another audience, not a service token (a user's access token) or not signed by
/// identity, is UNAUTHENTICATED (<c>x-error-code: AUTH_FAILED</c>); a valid token without the scope, or a method no
/// scope is mapped to, is PERMISSION_DENIED (<c>FORBIDDEN</c>). <c>grpc.health.v1</c> and reflection stay open. Runs
/// inside <see cref="ErrorMappingInterceptor"/>, which turns the refusals into statuses and trailers.
/// </summary>
internal sealed partial class ServiceTokenInterceptor(
    IServiceTokenVerifier verifier, ServiceMethodScopes scopes, ILogger<ServiceTokenInterceptor> logger) : Interceptor
{
    private const string Bearer = "Bearer ";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task AuthorizeAsync(ServerCallContext context)
    {
        if (ServiceMethodScopes.IsOpen(context.Method))
        {
            return;
        }

        var headers = context.RequestHeaders.Where(h => string.Equals(h.Key, "authorization", StringComparison.OrdinalIgnoreCase)).ToList();
        if (headers.Count != 1 || headers[0].IsBinary || !headers[0].Value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            LogRefused(logger, context.Method, "no bearer token");
            throw new AtriumException(ErrorCodes.AuthFailed, "A service token is required: authorization: Bearer TOKEN, from identity's /connect/token.");
        }

        var (caller, reason) = await verifier.VerifyAsync(headers[0].Value[Bearer.Length..].Trim(), context.CancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            LogRefused(logger, context.Method, reason!);
            throw new AtriumException(ErrorCodes.AuthFailed, $"The service token was refused: {reason}.");
        }

        var scope = scopes.For(context.Method);
        if (scope is null || !caller.HasScope(scope))
        {
            LogDenied(logger, context.Method, caller.ClientId, scope ?? "(none)");
            throw new AtriumException(
                ErrorCodes.Forbidden,
                scope is null ? "No scope grants this method." : $"This method needs the '{scope}' scope, which the service token does not grant.");
        }
    }

    [LoggerMessage(EventId = RpcEventIds.CallUnauthenticated, Level = LogLevel.Warning, Message = "gRPC call {Method} refused UNAUTHENTICATED: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = RpcEventIds.CallDenied, Level = LogLevel.Warning, Message = "gRPC call {Method} by client {ClientId} refused PERMISSION_DENIED: needs scope {Scope}")]
    private static partial void LogDenied(ILogger logger, string method, string clientId, string scope);
}
