using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Rpc.Client;

/// <summary>Registers a calling module's <see cref="ServiceTokenSource"/> from its <c>client</c> options.</summary>
public static class ServiceTokenServiceCollectionExtensions
{
    /// <summary>
    /// Adds the singleton <see cref="ServiceTokenSource"/> for <paramref name="client"/>. The secret is resolved now
    /// (the file under <c>host.dataDirectory</c> created when missing), so a bad one stops the start naming
    /// <c>SECTION.client.secretFile</c>.
    /// </summary>
    public static IServiceCollection AddServiceTokenSource(this IServiceCollection services, ModuleContext context, ServiceClientOptions client, string section)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        var secret = ClientSecret.Resolve(
            client.Secret, client.SecretFile, ModuleData.Directory(context), $"{section}.client.secretFile", context.LoggerFactory.CreateLogger<ServiceTokenSource>());
        return services.AddSingleton(provider => new ServiceTokenSource(
            new Uri(client.TokenUrl), client.Id, secret, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ServiceTokenSource>>()));
    }
}
