using System.Net;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Rpc.Server;

/// <summary>Registers grpc-dotnet in a service module with Atrium's conventions.</summary>
public static class GrpcServerServiceCollectionExtensions
{
    /// <summary>How often <c>grpc.health.v1.Health/Watch</c> re-evaluates readiness. Check always evaluates afresh.</summary>
    public static readonly TimeSpan HealthWatchPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds the gRPC server: message limits and response compression from <paramref name="options"/>, the error-table
    /// mapping of failures, <c>grpc.health.v1</c> answering from the module's readiness checks (the same as
    /// <c>/readyz</c>) for the whole server (<c>""</c>) and for each of <paramref name="serviceNames"/>, and server
    /// reflection per <see cref="GrpcOptions.Reflection"/>, judged against the module's <paramref name="listen"/>
    /// addresses. Map the services, then call <c>MapAtriumGrpc</c>. A module calls it once; later calls only add service
    /// names to the health service; the first call's options stand.
    /// </summary>
    /// <param name="services">The module's services.</param>
    /// <param name="options">The module's validated <c>grpc</c> options.</param>
    /// <param name="listen">The module's listen addresses (see <see cref="ListenAddress"/>).</param>
    /// <param name="serviceNames">The fully-qualified gRPC service names the module serves, e.g. <c>Payments.Descriptor.FullName</c>.</param>
    public static IServiceCollection AddAtriumGrpc(this IServiceCollection services, GrpcOptions options, IReadOnlyList<string> listen, params string[] serviceNames) =>
        services.AddAtriumGrpc(options, listen, null, serviceNames);

    /// <summary>
    /// Adds the gRPC server as <see cref="AddAtriumGrpc(IServiceCollection, GrpcOptions, IReadOnlyList{string}, string[])"/>
    /// does, and requires a service token on every call but <c>grpc.health.v1</c> and reflection: verified by the
    /// module's <see cref="IServiceTokenVerifier"/> (register one, e.g. with <c>AddServiceTokenValidation</c>), granting
    /// the scope <paramref name="methodScopes"/> maps the method to; a method it does not map is refused to every caller.
    /// </summary>
    /// <param name="services">The module's services.</param>
    /// <param name="options">The module's validated <c>grpc</c> options.</param>
    /// <param name="listen">The module's listen addresses (see <see cref="ListenAddress"/>).</param>
    /// <param name="methodScopes">
    /// The scope (see <see cref="ServiceScopes"/>) each method needs, keyed by service (<c>atrium.catalog.v1.Products</c>:
    /// every method of it) or by method (<c>atrium.payments.v1.Payments/Charge</c>), compared ignoring case.
    /// </param>
    /// <param name="serviceNames">The fully-qualified gRPC service names the module serves, e.g. <c>Payments.Descriptor.FullName</c>.</param>
    public static IServiceCollection AddAtriumGrpc(
        this IServiceCollection services, GrpcOptions options, IReadOnlyList<string> listen, IReadOnlyDictionary<string, string>? methodScopes, params string[] serviceNames)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(serviceNames);
        services.AddGrpcHealthChecks(health =>
        {
            foreach (var name in serviceNames.Prepend(""))
            {
                if (!health.Services.Any(mapping => mapping.Name == name))
                {
                    health.Services.Map(name, static _ => true);
                }
            }
        });
        if (services.Any(d => d.ServiceType == typeof(GrpcServerState)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ErrorMappingInterceptor>();
        if (methodScopes is not null)
        {
            services.AddSingleton(new ServiceMethodScopes(methodScopes));
            services.TryAddSingleton<ServiceTokenInterceptor>();
        }

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.MaxSendMessageSize;
            grpc.ResponseCompressionAlgorithm = options.CompressResponses ? "gzip" : null;
            grpc.EnableDetailedErrors = false;
            // The first runs outermost: the error mapping turns the token check's refusals into statuses too.
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            if (methodScopes is not null)
            {
                grpc.Interceptors.Add<ServiceTokenInterceptor>();
            }
        });

        // The first run keeps the default 5 s delay: at once, it would find the module still starting and log that
        // as an error at every start.
        services.Configure<HealthCheckPublisherOptions>(o => o.Period = HealthWatchPeriod);

        var state = DecideReflection(options.Reflection, listen) with { ServiceTokens = methodScopes is not null };
        if (state.Reflection)
        {
            services.AddGrpcReflection();
        }

        services.AddSingleton(state);
        return services;
    }

    internal static GrpcServerState DecideReflection(GrpcReflectionMode mode, IReadOnlyList<string> listen)
    {
        switch (mode)
        {
            case GrpcReflectionMode.On:
                return new(true, "grpc.reflection: on");
            case GrpcReflectionMode.Off:
                return new(false, "grpc.reflection: off");
        }

        var http2 = listen
            .Select(value => ListenAddress.TryParse(value, out var address, out _) ? address : null)
            .Where(address => address is not null && address.Protocols.HasFlag(HttpProtocols.Http2))
            .ToList();
        if (http2.Count == 0)
        {
            return new(false, "no HTTP/2 listener");
        }

        return http2.All(address => address!.Address is null || IPAddress.IsLoopback(address.Address))
            ? new(true, "grpc.reflection: auto, every HTTP/2 listener is on loopback")
            : new(false, "grpc.reflection: auto, an HTTP/2 listener is not on loopback");
    }
}
