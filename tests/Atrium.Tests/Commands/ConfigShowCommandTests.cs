using Atrium.Chassis.Configuration;

namespace Atrium.Tests.Commands;

public class ConfigShowCommandTests
{
    [Fact]
    public void Invoke_KeysSetByEachSource_AnnotatesEachWithTheSourceThatWon()
    {
        using var file = new TempConfigFile("""
            host:
              shutdownTimeout: 5s
              dataDirectory: from-file
              socketCompletions: inline
            logging:
              level: Warning
            """);
        var environment = new Dictionary<string, string?>
        {
            ["ATRIUM__HOST__DATADIRECTORY"] = "from-env",
            ["ATRIUM__LOGGING__LEVEL"] = "Error",
        };

        var run = CliRun.InvokeWith(environment, "config", "show", "--sources", "--config", file.Path, "--set", "logging.level=Debug");

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Output.Split('\n').Select(l => l.Trim()).ToList();
        lines.ShouldContain("shutdownTimeout: \"5s\"  # file:" + file.Path);
        lines.ShouldContain("dataDirectory: \"from-env\"  # env:ATRIUM__HOST__DATADIRECTORY");
        lines.ShouldContain("level: \"Debug\"  # --set");
        lines.ShouldContain("serviceNamespace: \"atrium\"  # default");
    }

    [Fact]
    public void Invoke_WithoutSources_PrintsYamlThatLoadsAsTheSameConfig()
    {
        using var file = new TempConfigFile("host:\n  dataDirectory: \"a \\\"quoted\\\" dir\"\n");

        var run = CliRun.Invoke("config", "show", "--config", file.Path, "--set", "gateway.listen.0=http://127.0.0.1:8099");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldNotContain("#");
        var reloaded = ConfigLoader.Load(run.Output, "shown", Modules.CreateConfigSchema());
        reloaded.Errors.ShouldBeEmpty();
        var shown = CliRun.Invoke("config", "show", "--config", file.Path, "--set", "gateway.listen.0=http://127.0.0.1:8099");
        reloaded.Config!.ToRedactedYaml(withSources: false).ShouldBe(shown.Output);
        run.Output.ShouldContain("- \"http://127.0.0.1:8099\"");
    }

    [Fact]
    public void Invoke_BadSetArguments_ExitsTwoWithEveryErrorNamingTheArgument()
    {
        var run = CliRun.Invoke("config", "show", "--set", "host.shutdownTimeout=soon", "--set", "host.nope=1", "--set", "novalue");

        run.ExitCode.ShouldBe(2);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldContain("--set host.shutdownTimeout (host.shutdownTimeout): 'soon' is not a duration");
        run.Error.ShouldContain("--set host.nope (host.nope): unknown key 'nope'");
        run.Error.ShouldContain("--set novalue: is not a config key: write --set section.key=value");
        run.Error.ShouldContain("3 error(s)");
    }

    [Fact]
    public void Invoke_SecretsFromEverySource_NoSecretValueAppearsInTheOutput()
    {
        using var secretFile = new TempConfigFile("admin-token-from-file-0123\n");
        using var file = new TempConfigFile($$"""
            gateway:
              admin: { token: "${file:{{secretFile.Path}}}" }
            telemetry:
              otlp: { endpoint: "http://otel:4318", headers: "${env:OTLP_HEADERS}" }
            """);
        var environment = new Dictionary<string, string?>
        {
            ["OTLP_HEADERS"] = "api-key=otlp-secret-value",
            ["ATRIUM__PAYMENTS__PROVIDER"] = "postgresql",
            ["ATRIUM__PAYMENTS__CONNECTIONSTRING"] = "Host=db;Database=payments;Username=app;Password=pg-secret-value",
        };

        var run = CliRun.InvokeWith(environment, "config", "show", "--sources", "--config", file.Path, "--set", "catalog.auth.jwksUrl=http://u:jwks-secret-value@127.0.0.1:9/jwks");

        run.ExitCode.ShouldBe(0, run.Error);
        foreach (var secret in new[] { "admin-token-from-file", "otlp-secret-value", "pg-secret-value", "jwks-secret-value" })
        {
            run.Output.ShouldNotContain(secret);
        }

        run.Output.ShouldContain("token: \"***\"");
        run.Output.ShouldContain("headers: \"api-key=***\"");
        run.Output.ShouldContain("connectionString: \"***\"  # env:ATRIUM__PAYMENTS__CONNECTIONSTRING");
    }

    [Fact]
    public void Invoke_MissingReferences_ExitsTwoNamingTheKeyAndTheReference()
    {
        using var file = new TempConfigFile("""
            gateway:
              admin: { token: "${file:/nonexistent/atrium/admin-token}" }
            telemetry:
              otlp: { headers: "${env:ATRIUM_TEST_UNSET_HEADERS}" }
            """);

        var run = CliRun.Invoke("config", "show", "--config", file.Path);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("gateway.admin.token: ${file:/nonexistent/atrium/admin-token}: file /nonexistent/atrium/admin-token does not exist");
        run.Error.ShouldContain("telemetry.otlp.headers: ${env:ATRIUM_TEST_UNSET_HEADERS}: environment variable ATRIUM_TEST_UNSET_HEADERS is not set");
    }
}
