using Atrium.Testing;

namespace Atrium.Tests.Commands;

public class ConfigValidateCommandTests
{
    private const string Broken = """
        host:
          shutdownTimout: 10s
        gateway:
          routes:
            - id: identity
              match: { path: "/api/identity/{**rest}" }
              cluster: identity
            - id: catalog
              match: { path: "/api/catalog/{**rest}" }
              cluster: catalog
              timeout: 5 seconds
            - id: orders
              match: { path: "/api/orders/{**rest}" }
              cluster: odering
          clusters:
            identity:
              endpoints: ["http://127.0.0.1:8101"]
            catalog:
              endpoints: ["http://127.0.0.1:8102"]
        """;

    private const string Good = """
        host:
          shutdownTimeout: 5s
        gateway:
          routes:
            - id: catalog
              match: { path: "/api/catalog/{**rest}" }
              cluster: catalog
          clusters:
            catalog:
              endpoints: ["http://127.0.0.1:8102"]
        catalog:
          listen: ["http://127.0.0.1:8102"]
        """;

    [Fact]
    public void Invoke_BrokenFile_PrintsEveryErrorWithLocationAndPathAndReturnsOne()
    {
        using var file = new TempConfigFile(Broken);

        var run = CliRun.Invoke("config", "validate", file.Path);

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(
        [
            $"{file.Path}:2:3: host.shutdownTimout: unknown key 'shutdownTimout' (did you mean 'shutdownTimeout'?)",
            $"{file.Path}:11:16: gateway.routes[1].timeout: '5 seconds' is not a duration (use 500ms, 10s, 5m, 1h)",
            $"{file.Path}:14:16: gateway.routes[2].cluster: unknown cluster 'odering'",
            $"{file.Path}: 3 error(s)",
        ]);
    }

    [Fact]
    public void Invoke_ErrorsQuotingSecrets_PrintsThemRedacted()
    {
        using var file = new TempConfigFile("""
            telemetry:
              otlp: { endpoint: "ftp://collector:hunter2@otel:4318" }
            gateway:
              admin: { token: hunter3 }
              clusters:
                identity:
                  endpoints: ["ftp://svc:hunter4@127.0.0.1:8101"]
            """);

        var run = CliRun.Invoke("config", "validate", file.Path);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldNotContain("hunter");
        run.Error.ShouldContain("telemetry.otlp.endpoint: 'ftp://***@otel:4318' is not an absolute http or https address");
        run.Error.ShouldContain("gateway.clusters.identity.endpoints[0]: 'ftp://***@127.0.0.1:8101' is not an absolute http or https address");
        run.Error.ShouldContain("gateway.admin.token: must be at least 16 characters");
    }

    [Fact]
    public void Invoke_BadVariables_PrintsTheirErrorsNamingThemAfterTheFileErrors()
    {
        using var file = new TempConfigFile(Good.Replace("shutdownTimeout", "shutdownTimout", StringComparison.Ordinal));
        var environment = new Dictionary<string, string?>
        {
            ["ATRIUM__CATALOG__LISTN__0"] = "http://127.0.0.1:8102",
            ["ATRIUM__HOST__SHUTDOWNTIMEOUT"] = "soon",
            ["ATRIUM_CONFIG"] = "/elsewhere.yaml",
        };

        var run = CliRun.InvokeWith(environment, "config", "validate", file.Path);

        run.ExitCode.ShouldBe(1);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(
        [
            $"{file.Path}:2:3: host.shutdownTimout: unknown key 'shutdownTimout' (did you mean 'shutdownTimeout'?)",
            "ATRIUM__HOST__SHUTDOWNTIMEOUT (host.shutdownTimeout): 'soon' is not a duration (use 500ms, 10s, 5m, 1h)",
            "ATRIUM__CATALOG__LISTN__0 (catalog.listn): unknown key 'listn' (did you mean 'listen'?)",
            $"{file.Path}: 3 error(s)",
        ]);
    }

    [Fact]
    public void Invoke_VariableBreakingAReference_FailsNamingIt()
    {
        using var file = new TempConfigFile(Good);
        var environment = new Dictionary<string, string?> { ["ATRIUM__GATEWAY__ROUTES__0__CLUSTER"] = "odering" };

        var run = CliRun.InvokeWith(environment, "config", "validate", file.Path);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("ATRIUM__GATEWAY__ROUTES__0__CLUSTER (gateway.routes[0].cluster): unknown cluster 'odering'");
    }

    [Fact]
    public void Invoke_GoodFile_PrintsValidAndReturnsZero()
    {
        using var file = new TempConfigFile(Good);

        var run = CliRun.Invoke("config", "validate", file.Path);

        run.ExitCode.ShouldBe(0);
        run.Error.ShouldBeEmpty();
        run.Output.Trim().ShouldBe($"{file.Path}: valid");
    }

    [Fact]
    public void Invoke_ShippedConfig_PrintsValidAndReturnsZero()
    {
        var run = CliRun.Invoke("config", "validate", RepositoryRoot.File("config", "atrium.yaml"));

        run.ExitCode.ShouldBe(0);
        run.Output.ShouldEndWith(": valid" + Environment.NewLine);
    }

    [Fact]
    public void Invoke_MissingFile_ReturnsOneAndSaysTheFileDoesNotExist()
    {
        var path = Path.Combine(Path.GetTempPath(), $"atrium-missing-{Guid.NewGuid():N}.yaml");

        var run = CliRun.Invoke("config", "validate", path);

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldContain($"config file '{path}' does not exist");
    }
}
