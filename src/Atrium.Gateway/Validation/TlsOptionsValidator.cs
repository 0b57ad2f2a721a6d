using Atrium.Chassis.Hosting;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Tls;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Rules of <c>gateway.tls</c> that need the listeners or the files: an <c>https://</c> listener has a default
/// certificate, every certificate, key and CA bundle loads, SNI hosts are names and each is served by one entry, and
/// client-certificate checks name <c>https://</c> listeners of <c>gateway.listen</c>.
/// </summary>
internal static class TlsOptionsValidator
{
    public static void Validate(TlsOptions tls, IReadOnlyList<string> listen, ConfigScope scope)
    {
        var https = new List<ListenAddress>();
        foreach (var value in listen)
        {
            if (ListenAddress.TryParse(value, out var address, out _) && address!.Tls)
            {
                https.Add(address);
            }
        }

        if (tls.CertificatePath.Length == 0 && tls.KeyPath.Length == 0 && https.Count > 0)
        {
            scope.AddError("certificatePath", "an https:// listener needs a default certificate (certificatePath and keyPath)");
        }
        else if (tls.CertificatePath.Length > 0 && tls.KeyPath.Length > 0 && !PemFiles.TryLoadPair(tls.CertificatePath, tls.KeyPath, out _, out var error))
        {
            scope.AddError("certificatePath", error!);
        }

        ValidateCertificates(tls.Certificates, scope.Child("certificates"));
        ValidateClientCertificates(tls.ClientCertificates, https, scope.Child("clientCertificates"));
        var header = tls.ClientCertificateHeader;
        if (header.Length > 0 && (!header.All(IsTokenChar) || HopByHopHeaders.Contains(header)))
        {
            scope.AddError("clientCertificateHeader", $"'{header}' is not a header name that can be forwarded");
        }
    }

    // RFC 9110 §5.6.2 tchar.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static void ValidateCertificates(List<SniCertificateConfig> certificates, ConfigScope scope)
    {
        var owners = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < certificates.Count; i++)
        {
            var entry = certificates[i];
            var item = scope.Index(i);
            for (var j = 0; j < entry.Hosts.Count; j++)
            {
                var host = entry.Hosts[j];
                var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
                if (name.Contains('*', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal) || !HostMatcher.IsValidPattern(name))
                {
                    item.AddError($"hosts[{j}]", $"'{host}' is not a host name or a one-label wildcard (*.example.com)");
                }
                else if (!owners.TryAdd(host, i))
                {
                    item.AddError($"hosts[{j}]", $"'{host}' is also served by certificates[{owners[host]}]");
                }
            }

            if (entry.CertificatePath.Length > 0 && entry.KeyPath.Length > 0 && !PemFiles.TryLoadPair(entry.CertificatePath, entry.KeyPath, out _, out var error))
            {
                item.AddError("certificatePath", error!);
            }
        }
    }

    private static void ValidateClientCertificates(List<ClientCertificateConfig> entries, List<ListenAddress> https, ConfigScope scope)
    {
        var seen = new HashSet<ListenAddress>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var item = scope.Index(i);
            if (entry.Listen.Length > 0)
            {
                if (!ListenAddress.TryParse(entry.Listen, out var address, out _) || !https.Contains(address!))
                {
                    item.AddError("listen", $"'{entry.Listen}' is not an https:// listener of gateway.listen");
                }
                else if (!seen.Add(address!))
                {
                    item.AddError("listen", $"'{entry.Listen}' has client-certificate settings twice");
                }
            }

            if (entry.CaPath.Length > 0 && !PemFiles.TryLoadBundle(entry.CaPath, out _, out var error))
            {
                item.AddError("caPath", error!);
            }
        }
    }
}
