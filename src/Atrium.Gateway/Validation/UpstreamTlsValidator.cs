using Atrium.Gateway.Configuration;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Tls;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Rules of <c>clusters.NAME.tls</c>: set only on a cluster with an <c>https://</c> endpoint, files that load, a
/// client certificate with its key, a server name that is a host name, and no CA bundle beside <c>insecureSkipVerify</c>.
/// </summary>
internal static class UpstreamTlsValidator
{
    public static void Validate(ClusterConfig cluster, ConfigScope scope)
    {
        var tls = cluster.Tls;
        if (tls.CaPath.Length == 0 && tls.ServerName.Length == 0 && tls.ClientCertificatePath.Length == 0 && tls.ClientKeyPath.Length == 0 && !tls.InsecureSkipVerify)
        {
            return;
        }

        if (!cluster.Endpoints.Any(e => e.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            scope.AddError("", "applies to https:// endpoints and the cluster has none");
        }

        if (tls.InsecureSkipVerify && tls.CaPath.Length > 0)
        {
            scope.AddError("insecureSkipVerify", "verifies nothing, so caPath would be ignored; remove one of them");
        }

        if (tls.CaPath.Length > 0 && !PemFiles.TryLoadBundle(tls.CaPath, out _, out var error))
        {
            scope.AddError("caPath", error!);
        }

        if (tls.ServerName.Length > 0 && (tls.ServerName.Contains('*', StringComparison.Ordinal) || tls.ServerName.Contains(':', StringComparison.Ordinal)
            || !HostMatcher.IsValidPattern(tls.ServerName)))
        {
            scope.AddError("serverName", $"'{tls.ServerName}' is not a host name");
        }

        if (tls.ClientCertificatePath.Length > 0 != tls.ClientKeyPath.Length > 0)
        {
            scope.AddError(tls.ClientCertificatePath.Length > 0 ? "clientKeyPath" : "clientCertificatePath", "clientCertificatePath and clientKeyPath go together");
        }
        else if (tls.ClientCertificatePath.Length > 0 && !PemFiles.TryLoadPair(tls.ClientCertificatePath, tls.ClientKeyPath, out _, out error))
        {
            scope.AddError("clientCertificatePath", error!);
        }
    }
}
