using Atrium.Chassis.Configuration;
using Atrium.Gateway.Tests.Infrastructure;

namespace Atrium.Gateway.Tests.Configuration;

/// <summary><c>gateway.tls</c> and <c>clusters.NAME.tls</c>: every error listed at once, each at its path.</summary>
public sealed class TlsConfigValidationTests : IDisposable
{
    private readonly TestCertificates _ca = new();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void Load_ValidTls_Succeeds()
    {
        var server = _ca.Server("server", "api.test");
        var client = _ca.Client("client", "CN=gateway");

        var result = Load($$"""
            listen: ["https://127.0.0.1:8443", "http://127.0.0.1:8080"]
            tls:
              certificatePath: {{server.CertificatePath}}
              keyPath: {{server.KeyPath}}
              minProtocol: "1.3"
              certificates: [{ hosts: [api.test, "*.api.test"], certificatePath: {{server.CertificatePath}}, keyPath: {{server.KeyPath}} }]
              clientCertificates: [{ listen: "https://127.0.0.1:8443", caPath: {{_ca.AuthorityPath}}, required: false }]
            clusters:
              up: { endpoints: ["https://127.0.0.1:9443"], tls: { caPath: {{_ca.AuthorityPath}}, serverName: svc.internal, clientCertificatePath: {{client.CertificatePath}}, clientKeyPath: {{client.KeyPath}} } }
            """);

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_EveryTlsMistake_AllReportedWithPaths()
    {
        var server = _ca.Server("server", "api.test");
        var missing = Path.Combine(_ca.Directory, "missing.pem");

        var errors = Errors($$"""
            listen: ["https://127.0.0.1:8443", "http://127.0.0.1:8080"]
            tls:
              minProtocol: "1.1"
              certificates:
                - { hosts: [api.test, "a.*.test"], certificatePath: {{missing}}, keyPath: {{server.KeyPath}} }
                - { hosts: [API.test], certificatePath: {{server.CertificatePath}}, keyPath: {{server.KeyPath}} }
              clientCertificates: [{ listen: "http://127.0.0.1:8080", caPath: {{server.KeyPath}} }]
              clientCertificateHeader: "bad header"
            clusters:
              plain: { endpoints: ["http://127.0.0.1:9080"], tls: { caPath: {{_ca.AuthorityPath}} } }
              both: { endpoints: ["https://127.0.0.1:9443"], tls: { caPath: {{_ca.AuthorityPath}}, insecureSkipVerify: true, clientCertificatePath: {{server.CertificatePath}} } }
            """);

        errors.Count.ShouldBe(11, string.Join("\n", errors));
        errors.ShouldContain(e => e.StartsWith("gateway.tls.minProtocol: ", StringComparison.Ordinal));
        errors.ShouldContain("gateway.tls.certificatePath: an https:// listener needs a default certificate (certificatePath and keyPath)");
        errors.ShouldContain("gateway.tls.certificates[0].hosts[1]: 'a.*.test' is not a host name or a one-label wildcard (*.example.com)");
        errors.ShouldContain(e => e.StartsWith($"gateway.tls.certificates[0].certificatePath: cannot load '{missing}'", StringComparison.Ordinal));
        errors.ShouldContain("gateway.tls.certificates[1].hosts[0]: 'API.test' is also served by certificates[0]");
        errors.ShouldContain("gateway.tls.clientCertificates[0].listen: 'http://127.0.0.1:8080' is not an https:// listener of gateway.listen");
        errors.ShouldContain($"gateway.tls.clientCertificates[0].caPath: '{server.KeyPath}' holds no PEM certificate");
        errors.ShouldContain("gateway.tls.clientCertificateHeader: 'bad header' is not a header name that can be forwarded");
        errors.ShouldContain("gateway.clusters.plain.tls: applies to https:// endpoints and the cluster has none");
        errors.ShouldContain("gateway.clusters.both.tls.clientKeyPath: clientCertificatePath and clientKeyPath go together");
        errors.ShouldContain("gateway.clusters.both.tls.insecureSkipVerify: verifies nothing, so caPath would be ignored; remove one of them");
    }

    private static List<string> Errors(string gatewayYaml)
    {
        var result = Load(gatewayYaml);
        result.Succeeded.ShouldBeFalse();
        return result.Errors.Select(e => e.ToString()).ToList();
    }

    private static ConfigLoadResult Load(string gatewayYaml) => GatewayConfigText.Load(gatewayYaml);
}
