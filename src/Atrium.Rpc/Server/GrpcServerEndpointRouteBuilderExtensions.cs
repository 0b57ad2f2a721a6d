using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Server;

/// <summary>Maps what every service module serves beside its own gRPC services.</summary>
public static class GrpcServerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>grpc.health.v1.Health</c> and, when <c>AddAtriumGrpc</c> turned it on, server reflection; logs which.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddAtriumGrpc</c> was not called on the module's services, or was
    /// given method scopes without an <see cref="IServiceTokenVerifier"/> to check tokens with.</exception>
    public static IEndpointRouteBuilder MapAtriumGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var state = endpoints.ServiceProvider.GetService<GrpcServerState>()
            ?? throw new InvalidOperationException("Call services.AddAtriumGrpc(...) before MapAtriumGrpc().");
        if (state.ServiceTokens && endpoints.ServiceProvider.GetService<IServiceTokenVerifier>() is null)
        {
            // At start rather than as INTERNAL on every call.
            throw new InvalidOperationException("AddAtriumGrpc was given method scopes: register an IServiceTokenVerifier (AddServiceTokenValidation).");
        }

        endpoints.MapGrpcHealthChecksService();
        if (state.Reflection)
        {
            endpoints.MapGrpcReflectionService();
        }

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GrpcServerEndpointRouteBuilderExtensions).FullName!);
        GrpcServerLog.Reflection(logger, state.Reflection ? "on" : "off", state.Reason);
        GrpcServerLog.ServiceTokens(logger, state.ServiceTokens ? "need" : "do not need");
        return endpoints;
    }
}
