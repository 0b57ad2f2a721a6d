using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.TestOptions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string ExampleYaml = """
        host:
          shutdownTimeout: 10s
        logging:
          level: Information
          overrides:
            Microsoft.AspNetCore: Warning
        gateway:
          listen: ["http://0.0.0.0:8080"]
          routes:
            - id: orders
              match: { path: "/api/orders/{**rest}" }
              cluster: ordering
          clusters:
            ordering:
              endpoints: ["http://127.0.0.1:8104"]
        """;

    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, TestSchemas.Create());

    private static string[] Messages(ConfigLoadResult result) => result.Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Load_ExampleFile_BindsEverySection()
    {
        var result = Load(ExampleYaml);

        result.Errors.ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
        var config = result.Config;
        config.Source.ShouldBe("embedded");
        config.Get<TestHostOptions>("host").ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        config.Get<TestLoggingOptions>("logging").Overrides["Microsoft.AspNetCore"].ShouldBe(LogLevel.Warning);
        var gateway = config.Get<TestGatewayOptions>("gateway");
        gateway.Routes.Single().Match.Path.ShouldBe("/api/orders/{**rest}");
        gateway.Clusters["ordering"].Endpoints.ShouldBe([new Uri("http://127.0.0.1:8104")]);
    }

    [Fact]
    public void Load_EmptyText_AllSectionsKeepDefaults()
    {
        var result = Load(string.Empty);

        result.Succeeded.ShouldBeTrue();
        var host = result.Config.Get<TestHostOptions>("host");
        host.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        host.Workers.ShouldBe(4);
        result.Config.Get<TestGatewayOptions>("gateway").Listen.ShouldBe(["http://0.0.0.0:8080"]);
    }

    [Fact]
    public void Load_MissingKeys_KeepInitialValues()
    {
        var result = Load("host:\n  verbose: true\n");

        result.Succeeded.ShouldBeTrue();
        var host = result.Config.Get<TestHostOptions>("host");
        host.Verbose.ShouldBeTrue();
        host.Workers.ShouldBe(4);
        host.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        host.Grace.ShouldBeNull();
    }

    [Fact]
    public void Load_UnknownKeyNearKnownKey_SuggestsKnownKey()
    {
        var result = Load("gateway:\n  routs: []\n");

        Messages(result).ShouldBe(["gateway.routs: unknown key 'routs' (did you mean 'routes'?)"]);
        result.Errors[0].Line.ShouldBe(2);
        result.Errors[0].Column.ShouldBe(3);
    }

    [Fact]
    public void Load_UnknownKeyFarFromKnownKeys_HasNoSuggestion()
    {
        Messages(Load("gateway:\n  banana: 1\n")).ShouldBe(["gateway.banana: unknown key 'banana'"]);
    }

    [Fact]
    public void Load_UnknownSection_IsError()
    {
        Messages(Load("gatway:\n  listen: []\n")).ShouldBe(["gatway: unknown section 'gatway' (did you mean 'gateway'?)"]);
    }

    [Fact]
    public void Load_WrongScalarType_ReportsValueAndExpectedType()
    {
        Messages(Load("host:\n  workers: many\n")).ShouldBe(["host.workers: 'many' is not an integer"]);
    }

    [Fact]
    public void Load_BadDuration_ReportsAcceptedForms()
    {
        var result = Load("host:\n  shutdownTimeout: ten\n");

        Messages(result).ShouldBe(["host.shutdownTimeout: 'ten' is not a duration (use 500ms, 10s, 5m, 1h)"]);
        (result.Errors[0].Line, result.Errors[0].Column).ShouldBe((2, 20));
    }

    [Fact]
    public void Load_MappingWhereScalarExpected_IsError()
    {
        Messages(Load("host:\n  workers: { a: 1 }\n")).ShouldBe(["host.workers: expected an integer, got a mapping"]);
    }

    [Fact]
    public void Load_ScalarWhereListExpected_IsError()
    {
        Messages(Load("gateway:\n  listen: http://x\n")).ShouldBe(["gateway.listen: expected a list, got 'http://x'"]);
    }

    [Fact]
    public void Load_NullForNonNullableValueType_IsError()
    {
        Messages(Load("host:\n  workers: ~\n  verbose:\n")).ShouldBe(
        [
            "host.workers: null is not allowed here; expected an integer",
            "host.verbose: null is not allowed here; expected a boolean",
        ]);
    }

    [Fact]
    public void Load_NullForNullableValueType_IsAccepted()
    {
        var result = Load("host:\n  grace: ~\n");

        result.Succeeded.ShouldBeTrue();
        result.Config.Get<TestHostOptions>("host").Grace.ShouldBeNull();
    }

    [Fact]
    public void Load_NullForNonNullableString_IsError()
    {
        Messages(Load("gateway:\n  routes:\n    - id: a\n      cluster: ~\n")).ShouldBe(
            ["gateway.routes[0].cluster: null is not allowed here; expected a string"]);
    }

    [Fact]
    public void Load_SeveralErrors_ReportsAllInDocumentOrder()
    {
        const string Yaml = """
            host:
              shutdownTimeout: ten
              workrs: 3
            logging:
              level: Loud
            gateway:
              listen: ["http://0.0.0.0:8080"]
              clusters:
                ordering:
                  endpoints: ["not a uri"]
                  weight: heavy
            """;

        Messages(Load(Yaml)).ShouldBe(
        [
            "host.shutdownTimeout: 'ten' is not a duration (use 500ms, 10s, 5m, 1h)",
            "host.workrs: unknown key 'workrs' (did you mean 'workers'?)",
            "logging.level: 'Loud' is not one of Trace, Debug, Information, Warning, Error, Critical, None",
            "gateway.clusters.ordering.endpoints[0]: 'not a uri' is not an absolute URI",
            "gateway.clusters.ordering.weight: 'heavy' is not a number",
        ]);
    }

    [Fact]
    public void Load_ErrorsInListsAndDictionaries_UseIndexAndKeyPaths()
    {
        const string Yaml = """
            logging:
              overrides:
                Microsoft.AspNetCore: Chatty
            gateway:
              routes:
                - id: a
                  cluster: c
                - id: b
                  cluster: c
                  order: first
              clusters:
                c:
                  endpoints: ["http://a", 5]
            """;

        Messages(Load(Yaml)).ShouldBe(
        [
            "logging.overrides[\"Microsoft.AspNetCore\"]: 'Chatty' is not one of Trace, Debug, Information, Warning, Error, Critical, None",
            "gateway.routes[1].order: 'first' is not an integer",
            "gateway.clusters.c.endpoints[1]: '5' is not an absolute URI",
        ]);
    }

    [Fact]
    public void Load_DuplicateKey_ReportsPathAndLine()
    {
        const string Yaml = """
            gateway:
              clusters:
                ordering:
                  endpoints: ["http://a"]
                ordering:
                  endpoints: ["http://b"]
            """;

        var result = Load(Yaml);

        Messages(result).ShouldBe(["gateway.clusters.ordering: duplicate key 'ordering'"]);
        (result.Errors[0].Line, result.Errors[0].Column).ShouldBe((5, 5));
    }

    [Fact]
    public void Load_SyntaxError_ReportsOneErrorWithLine()
    {
        var result = Load("host:\n  shutdownTimeout: 10s\n  workers: [1, 2\n");

        result.Succeeded.ShouldBeFalse();
        result.Errors.Count.ShouldBe(1);
        result.Errors[0].Path.ShouldBe(string.Empty);
        (result.Errors[0].Line, result.Errors[0].Column).ShouldBe((4, 1));
        result.Errors[0].Message.ShouldNotContain("   at ");
        result.Errors[0].Message.ShouldBe("While parsing a flow sequence, did not find expected ',' or ']'.");
    }

    [Fact]
    public void Load_RootIsNotMapping_IsError()
    {
        Messages(Load("- a\n- b\n")).ShouldBe(["the file must be a mapping of sections, got a list"]);
    }

    [Fact]
    public void Load_KeysAreCaseSensitive_PascalCaseKeyIsUnknown()
    {
        Messages(Load("host:\n  Workers: 2\n")).ShouldBe(["host.Workers: unknown key 'Workers' (did you mean 'workers'?)"]);
    }

    [Fact]
    public void LoadFile_MissingFile_ReturnsOneErrorWithEmptyPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"atrium-missing-{Guid.NewGuid():N}.yaml");

        var result = ConfigLoader.LoadFile(path, TestSchemas.Create());

        result.Config.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().ShouldBe(new ConfigError(string.Empty, $"config file '{path}' does not exist", 0, 0));
    }

    [Fact]
    public void LoadFile_ExistingFile_SourceIsFullPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"atrium-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "host:\n  workers: 8\n");
        try
        {
            var result = ConfigLoader.LoadFile(path, TestSchemas.Create());

            result.Succeeded.ShouldBeTrue();
            result.Config.Source.ShouldBe(path);
            result.Config.Get<TestHostOptions>("host").Workers.ShouldBe(8);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_RouteWithoutCluster_ReportsUnknownEmptyCluster()
    {
        var result = Load("gateway:\n  routes:\n    - id: a\n      match: { methods: [GET, POST] }\n");

        result.Errors.Select(e => e.ToString()).ShouldBe(["gateway.routes[0].cluster: unknown cluster ''"]);
    }

    [Fact]
    public void Load_NestedObjectPartlySet_BindsInitListAndKeepsDefault()
    {
        const string Yaml = """
            gateway:
              routes:
                - id: a
                  cluster: c
                  match: { methods: [GET, POST] }
              clusters:
                c:
                  endpoints: ["http://a"]
            """;

        var result = Load(Yaml);

        result.Succeeded.ShouldBeTrue();
        var match = result.Config.Get<TestGatewayOptions>("gateway").Routes[0].Match;
        match.Methods.ShouldBe(["GET", "POST"]);
        match.CaseSensitive.ShouldBeTrue();
        match.Path.ShouldBeNull();
    }

    [Fact]
    public void Load_IntegerOverflow_ReportsRange()
    {
        Messages(Load("host:\n  workers: 99999999999\n")).ShouldBe(["host.workers: '99999999999' is out of range (-2147483648 to 2147483647)"]);
    }

    [Fact]
    public void Load_AnchorsAndAliases_AreResolved()
    {
        var result = Load("gateway:\n  listen: &l [\"http://a\"]\n  clusters:\n    c:\n      endpoints: *l\n");

        result.Succeeded.ShouldBeTrue();
        result.Config.Get<TestGatewayOptions>("gateway").Clusters["c"].Endpoints.ShouldBe([new Uri("http://a")]);
    }
}
