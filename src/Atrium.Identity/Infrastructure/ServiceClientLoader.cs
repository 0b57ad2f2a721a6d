using Atrium.Chassis.Security;
using Atrium.Identity.Application;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Infrastructure;

/// <summary>Reads <c>identity.clients</c> at start: each client's secret from its value or its file (see <see cref="ClientSecret"/>).</summary>
internal static class ServiceClientLoader
{
    /// <summary>The clients, their secrets hashed.</summary>
    /// <exception cref="InvalidOperationException">A secret could not be had; the message lists every client's problem.</exception>
    public static ServiceClients Load(IdentityOptions options, string dataDirectory, ILogger logger)
    {
        var clients = new List<ServiceClient>(options.Clients.Count);
        var errors = new List<string>();
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var registration = options.Clients[i];
            try
            {
                var secret = ClientSecret.Resolve(registration.Secret, registration.SecretFile, dataDirectory, $"{IdentityOptions.Section}.clients[{i}].secretFile", logger);
                clients.Add(new ServiceClient(registration.Id, ServiceClients.Hash(secret), registration.Scopes.ToHashSet(StringComparer.Ordinal)));
            }
            catch (InvalidOperationException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors.Count == 0
            ? new ServiceClients(clients)
            : throw new InvalidOperationException("The service clients' secrets cannot be read:\n" + string.Join('\n', errors));
    }
}
