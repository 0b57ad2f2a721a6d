using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;

namespace Atrium.Chassis.Tests.Configuration.Etcd;

public class EtcdOptionsTests
{
    private readonly ConfigSchema _schema = new ConfigSchema().Add<ConfigCenterOptions>(ConfigCenterOptions.Section);

    [Fact]
    public void Validate_EveryKeyWrong_ListsEveryErrorWithItsPath()
    {
        var loaded = ConfigLoader.Load("""
            config:
              etcd:
                endpoints: ["ftp://etcd:2379", "http://etcd:2379/v3"]
                namespace: "prod/eu"
                username: atrium
                tls: { certFile: /nonexistent/atrium-etcd-cert.pem }
            """, "test", _schema);

        loaded.Errors.Select(e => $"{e.Path}: {e.Message}").ShouldBe(
        [
            "config.etcd.endpoints[0]: must be an http:// or https:// URL with no path, e.g. http://127.0.0.1:2379",
            "config.etcd.endpoints[1]: must be an http:// or https:// URL with no path, e.g. http://127.0.0.1:2379",
            "config.etcd.namespace: must be 1 to 64 letters, digits, '-', '_' or '.'",
            "config.etcd.passwordFile: username and passwordFile go together",
            "config.etcd.tls.certFile: file '/nonexistent/atrium-etcd-cert.pem' does not exist",
            "config.etcd.tls.keyFile: tls.certFile and tls.keyFile go together",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Validate_NamespaceWithoutEndpoints_AsksForEndpoints()
    {
        var loaded = ConfigLoader.Load("config:\n  etcd:\n    namespace: prod\n", "test", _schema);

        loaded.Errors.ShouldHaveSingleItem().ToString().ShouldContain("must list at least one endpoint when other config.etcd keys are set");
    }

    [Fact]
    public void Validate_Defaults_AreValidAndOff()
    {
        var loaded = ConfigLoader.Load(string.Empty, "test", _schema);

        loaded.Errors.ShouldBeEmpty();
        loaded.Config!.Get<ConfigCenterOptions>(ConfigCenterOptions.Section).Etcd.Enabled.ShouldBeFalse();
    }
}
