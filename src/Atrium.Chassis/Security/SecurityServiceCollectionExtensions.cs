using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Chassis.Security;

/// <summary>Wires access-token and service-token verification into a service module.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>The clock tolerance of <see cref="AddServiceTokenValidation(IServiceCollection, string, string, Func{IServiceProvider, SecurityKey})"/>: 30 s.</summary>
    public static readonly TimeSpan ServiceTokenClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Lets the module's endpoints call <see cref="CallerHttpContextExtensions.RequireCallerAsync"/>: tokens are
    /// verified against the JWKS at <see cref="AccessTokenOptions.JwksUrl"/>. <c>/readyz</c> gains the check
    /// <c>jwks</c>, unhealthy until those keys have been fetched (which it does itself).
    /// </summary>
    public static IServiceCollection AddAccessTokenValidation(this IServiceCollection services, AccessTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<ISigningKeySource>(provider => new JwksSigningKeys(
            new Uri(options.JwksUrl),
            new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(5) },
            provider.GetRequiredService<TimeProvider>(),
            options.JwksRefreshMinInterval,
            // Known keys stay in use until a token names an unknown kid (key rotation).
            TimeSpan.MaxValue,
            provider.GetRequiredService<ILogger<JwksSigningKeys>>(),
            ownsHttp: true));
        services.AddSingleton(provider => AccessTokens.ForUsers(
            options.Issuer, options.Audience, options.ClockSkew, provider.GetRequiredService<ISigningKeySource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddHealthChecks().AddCheck<SigningKeysHealthCheck>(SigningKeysReadiness.Name, timeout: SigningKeysReadiness.Timeout);
        return services;
    }

    /// <summary>
    /// Registers an <see cref="IServiceTokenVerifier"/> for service tokens addressed to <paramref name="audience"/> (the
    /// module's name), checked against the same JWKS, issuer and clock tolerance as users' access tokens
    /// (<paramref name="options"/>, the module's <c>auth</c>); adds <see cref="AddAccessTokenValidation"/> if the module
    /// has not, so that both share one set of keys.
    /// </summary>
    public static IServiceCollection AddServiceTokenValidation(this IServiceCollection services, AccessTokenOptions options, string audience)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        if (!services.Any(d => d.ServiceType == typeof(ISigningKeySource)))
        {
            services.AddAccessTokenValidation(options);
        }

        services.AddSingleton<IServiceTokenVerifier>(provider => new ServiceTokenValidator(AccessTokens.ForServices(
            options.Issuer, audience, options.ClockSkew, provider.GetRequiredService<ISigningKeySource>(), provider.GetRequiredService<TimeProvider>())));
        return services;
    }

    /// <summary>
    /// Registers an <see cref="IServiceTokenVerifier"/> for service tokens addressed to <paramref name="audience"/> and
    /// signed with <paramref name="signingKey"/> itself (identity, which holds the key, checks its own callers without
    /// a JWKS), issued by <paramref name="issuer"/>, with <see cref="ServiceTokenClockSkew"/>.
    /// </summary>
    public static IServiceCollection AddServiceTokenValidation(this IServiceCollection services, string issuer, string audience, Func<IServiceProvider, SecurityKey> signingKey)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentNullException.ThrowIfNull(signingKey);
        services.AddSingleton<IServiceTokenVerifier>(provider => new ServiceTokenValidator(AccessTokens.ForServices(
            issuer, audience, ServiceTokenClockSkew, new StaticSigningKeys([signingKey(provider)], "in-process"), provider.GetRequiredService<TimeProvider>())));
        return services;
    }
}
