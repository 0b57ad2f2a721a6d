using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Security;

/// <summary>Wires access-token verification into a service module.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Lets the module's endpoints call <see cref="CallerHttpContextExtensions.RequireCallerAsync"/>: tokens are
    /// verified against the JWKS at <see cref="AccessTokenOptions.JwksUrl"/>. <c>/readyz</c> gains the check
    /// <c>jwks</c>, unhealthy until those keys have been fetched (which it does itself).
    /// </summary>
    public static IServiceCollection AddAccessTokenValidation(this IServiceCollection services, AccessTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(provider => new AccessTokenValidator(
            options,
            new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(5) },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AccessTokenValidator>>()));
        services.AddHealthChecks().AddCheck<SigningKeysHealthCheck>(SigningKeysReadiness.Name, timeout: SigningKeysReadiness.Timeout);
        return services;
    }
}
