using Atrium.Chassis.Data.Modules;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.OpenApi;
using Atrium.Identity.Api;
using Atrium.Identity.Application;
using Atrium.Identity.Domain;
using Atrium.Identity.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Atrium.Chassis.Security;
using Atrium.Rpc;
using Atrium.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity;

/// <summary>The <c>identity</c> module: users, tokens, JWKS, roles.</summary>
public static class IdentityModule
{
    /// <summary>The SQLite file name inside <c>host.dataDirectory</c>.</summary>
    public const string DatabaseFile = "identity.db";

    /// <summary>The signing key file inside <c>host.dataDirectory</c>.</summary>
    public const string SigningKeyFile = "identity-signing-key.pem";

    /// <summary>
    /// The file inside <c>host.dataDirectory</c> that receives the bootstrap administrator's generated password (when
    /// <c>ATRIUM_ADMIN_PASSWORD</c> is unset at the start that creates the account), readable by its owner only.
    /// </summary>
    public const string AdminPasswordFile = "identity-admin-password";

    /// <summary>Wires the identity module for <see cref="ModuleInit"/>.</summary>
    public static IModuleService Init(ModuleContext context) => Init(context, static _ => { });

    /// <summary>
    /// Wires the module, then runs <paramref name="configureServices"/> on its services, so that what it adds wins
    /// (the tests' counting password hasher and log sink).
    /// </summary>
    internal static IModuleService Init(ModuleContext context, Action<IServiceCollection> configureServices)
    {
        var (options, builder) = ServiceModuleBuilder.Create<IdentityOptions, IdentityDbContext>(context, IdentityOptions.Section, DatabaseFile);
        var services = builder.Services;
        var data = ModuleData.Directory(context);
        services.AddSingleton(SigningKeyStore.LoadOrCreate(Path.Combine(data, SigningKeyFile), context.LoggerFactory.CreateLogger<SigningKeyStore>()));
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<PasswordVerifier>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton(ServiceClientLoader.Load(options, data, context.LoggerFactory.CreateLogger<ServiceClients>()));
        services.AddSingleton<ClientAuthFailures>();
        services.AddSingleton<ClientCredentialsGrant>();
        // Identity holds the key its service tokens are signed with: its own callers are checked without a JWKS.
        services.AddServiceTokenValidation(options.Issuer, IdentityOptions.Section, provider => provider.GetRequiredService<SigningKeyStore>().SecurityKey);
        services.AddScoped<IdentityService>();
        // Before eventing: the bootstrapper creates the schema the outbox relay reads.
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<AdminBootstrapper>(provider, Path.Combine(data, AdminPasswordFile)));
        services.AddEventing<IdentityDbContext>(context);
        services.AddModuleOpenApi("identity");
        services.AddAtriumGrpc(
            options.Grpc,
            options.Listen,
            new Dictionary<string, string> { [Contracts.Identity.V1.Users.Descriptor.FullName] = ServiceScopes.IdentityUsersRead },
            Contracts.Identity.V1.Users.Descriptor.FullName);
        configureServices(services);
        return ModuleWebHost.Build(builder, app =>
        {
            app.MapIdentityEndpoints();
            app.MapClientCredentialsEndpoint();
            app.MapModuleOpenApi("identity");
            // Identity runs in every topology that takes traffic, so it serves the reference over all the documents.
            app.MapApiReference();
            app.MapGrpcService<UsersGrpcService>();
            app.MapAtriumGrpc();
        });
    }
}
