using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.TestOptions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class EnvironmentOverlayTests
{
    private const string Yaml = """
        host:
          workers: 2
        gateway:
          listen: ["http://0.0.0.0:8080"]
          routes:
            - id: orders
              cluster: ordering
          clusters:
            ordering:
              endpoints: ["http://127.0.0.1:8104"]
        """;

    private static ConfigLoadResult Load(string yaml, params (string Name, string? Value)[] variables) =>
        ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, TestSchemas.Create(), variables.ToDictionary(v => v.Name, v => v.Value));

    private static string[] Messages(ConfigLoadResult result) => result.Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Load_VariablesInAnyCase_OverrideTheFileThroughTheFileConverters()
    {
        var result = Load(Yaml,
            ("ATRIUM__HOST__WORKERS", "8"),
            ("ATRIUM__HOST__SHUTDOWNTIMEOUT", "10m"),
            ("atrium__host__verbose", "true"),
            ("ATRIUM__LOGGING__LEVEL", "Warning"));

        result.Errors.ShouldBeEmpty();
        var host = result.Config!.Get<TestHostOptions>("host");
        host.Workers.ShouldBe(8);
        host.ShutdownTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        host.Verbose.ShouldBeTrue();
        result.Config.Get<TestLoggingOptions>("logging").Level.ShouldBe(LogLevel.Warning);
    }

    [Fact]
    public void Load_VariablesWithoutTheDoubleUnderscorePrefix_AreIgnored()
    {
        var result = Load(Yaml, ("ATRIUM_CONFIG", "/nowhere.yaml"), ("ATRIUM_ADMIN_PASSWORD", "x"), ("ATRIUMHOST__WORKERS", "x"), ("PATH", "/bin"));

        result.Errors.ShouldBeEmpty();
        result.Config!.Get<TestHostOptions>("host").Workers.ShouldBe(2);
    }

    [Fact]
    public void Load_EmptyDocument_VariablesApplyOnTheDefaults()
    {
        var result = Load(string.Empty, ("ATRIUM__HOST__WORKERS", "6"), ("ATRIUM__GATEWAY__LISTEN__0", "http://127.0.0.1:9000"));

        result.Errors.ShouldBeEmpty();
        result.Config!.Get<TestHostOptions>("host").Workers.ShouldBe(6);
        result.Config.Get<TestGatewayOptions>("gateway").Listen.ShouldBe(["http://127.0.0.1:9000"]);
    }

    [Fact]
    public void Load_ListIndexes_ReplaceAnElementAndAppendInAscendingOrder()
    {
        var result = Load(Yaml,
            ("ATRIUM__GATEWAY__LISTEN__2", "http://0.0.0.0:8082"),
            ("ATRIUM__GATEWAY__LISTEN__0", "http://0.0.0.0:9090"),
            ("ATRIUM__GATEWAY__LISTEN__1", "http://0.0.0.0:8081"));

        result.Errors.ShouldBeEmpty();
        result.Config!.Get<TestGatewayOptions>("gateway").Listen.ShouldBe(["http://0.0.0.0:9090", "http://0.0.0.0:8081", "http://0.0.0.0:8082"]);
    }

    [Fact]
    public void Load_ListOfMappings_SetsAKeyOfAnElementAndAppendsAWholeElement()
    {
        var result = Load(Yaml,
            ("ATRIUM__GATEWAY__ROUTES__0__ORDER", "7"),
            ("ATRIUM__GATEWAY__ROUTES__1__ID", "catalog"),
            ("ATRIUM__GATEWAY__ROUTES__1__CLUSTER", "ordering"),
            ("ATRIUM__GATEWAY__ROUTES__1__MATCH__PATH", "/api/catalog/{**rest}"));

        result.Errors.ShouldBeEmpty();
        var routes = result.Config!.Get<TestGatewayOptions>("gateway").Routes;
        routes.Count.ShouldBe(2);
        routes[0].Id.ShouldBe("orders");
        routes[0].Order.ShouldBe(7);
        routes[1].Id.ShouldBe("catalog");
        routes[1].Match.Path.ShouldBe("/api/catalog/{**rest}");
    }

    [Fact]
    public void Load_MappingKeys_MatchTheFileIgnoringCaseElseAreAddedAsWritten()
    {
        var result = Load(Yaml,
            ("ATRIUM__GATEWAY__CLUSTERS__ORDERING__ENDPOINTS__0", "http://10.0.0.1:8104"),
            ("ATRIUM__GATEWAY__CLUSTERS__spare__ENDPOINTS__0", "http://10.0.0.2:1"),
            ("ATRIUM__LOGGING__OVERRIDES__Microsoft.AspNetCore", "Error"));

        result.Errors.ShouldBeEmpty();
        var clusters = result.Config!.Get<TestGatewayOptions>("gateway").Clusters;
        clusters.Keys.ShouldBe(["ordering", "spare"], ignoreOrder: true);
        clusters["ordering"].Endpoints.ShouldBe([new Uri("http://10.0.0.1:8104")]);
        result.Config.Get<TestLoggingOptions>("logging").Overrides["Microsoft.AspNetCore"].ShouldBe(LogLevel.Error);
    }

    [Fact]
    public void Load_VariableInsideAYamlAlias_IsRefusedAndChangesNeitherUse()
    {
        const string aliased = """
            gateway:
              listen: ["http://0.0.0.0:8080"]
              clusters:
                a: &shared
                  endpoints: ["http://127.0.0.1:8104"]
                b: *shared
            """;

        var result = Load(aliased, ("ATRIUM__GATEWAY__CLUSTERS__A__ENDPOINTS__0", "http://10.0.0.1:1"));

        Messages(result).ShouldHaveSingleItem().ShouldContain("ATRIUM__GATEWAY__CLUSTERS__A__ENDPOINTS__0");
        Messages(result)[0].ShouldContain("alias");
        Load(aliased).Config!.Get<TestGatewayOptions>("gateway").Clusters["b"].Endpoints.ShouldBe([new Uri("http://127.0.0.1:8104")]);
    }

    [Fact]
    public void Load_EmptyValue_UnsetsANullableKey()
    {
        var result = Load("host:\n  grace: 5s\n", ("ATRIUM__HOST__GRACE", string.Empty));

        result.Errors.ShouldBeEmpty();
        result.Config!.Get<TestHostOptions>("host").Grace.ShouldBeNull();
    }

    [Fact]
    public void Load_EmptyValue_IsEmptyTextForAKeyThatCannotBeNull()
    {
        var result = Load(Yaml, ("ATRIUM__GATEWAY__CLUSTERS__ORDERING__BALANCING", string.Empty));

        Messages(result).ShouldBe([
            "ATRIUM__GATEWAY__CLUSTERS__ORDERING__BALANCING (gateway.clusters.ordering.balancing): The balancing field does not equal any of the values specified in AllowedValuesAttribute.",
        ]);
    }

    [Fact]
    public void Load_BadVariables_ListsEveryErrorNamingTheVariableAfterTheFileErrors()
    {
        var result = Load(Yaml.Replace("workers: 2", "workrs: 2", StringComparison.Ordinal),
            ("ATRIUM__GATEWAY__LISTN__0", "http://0.0.0.0:1"),
            ("ATRIUM__GATEWAY__LISTEN__3", "http://0.0.0.0:3"),
            ("ATRIUM__HOST__SHUTDOWNTIMEOUT", "soon"),
            ("ATRIUM__HOSTS__WORKERS", "1"),
            ("ATRIUM__GATEWAY__ROUTES__0__CLUSTER", "odering"),
            ("ATRIUM__GATEWAY__LISTEN", "http://0.0.0.0:1"),
            ("ATRIUM__GATEWAY__LISTEN__first", "http://0.0.0.0:1"),
            ("ATRIUM__HOST__WORKERS__MAX", "1"),
            ("ATRIUM__HOST____WORKERS", "1"));

        result.Succeeded.ShouldBeFalse();
        Messages(result).ShouldBe([
            "host.workrs: unknown key 'workrs' (did you mean 'workers'?)",
            "ATRIUM__HOST__SHUTDOWNTIMEOUT (host.shutdownTimeout): 'soon' is not a duration (use 500ms, 10s, 5m, 1h)",
            "ATRIUM__GATEWAY__ROUTES__0__CLUSTER (gateway.routes[0].cluster): unknown cluster 'odering'",
            "ATRIUM__GATEWAY__LISTEN (gateway.listen): is a list, not a single value; set its elements with ATRIUM__GATEWAY__LISTEN__0",
            "ATRIUM__GATEWAY__LISTEN__3 (gateway.listen[3]): index 3 leaves a gap: gateway.listen has 1 element(s), so the next index is 1",
            "ATRIUM__GATEWAY__LISTEN__first (gateway.listen): is a list: 'first' is not an index; set its elements with ATRIUM__GATEWAY__LISTEN__0, __1, ...",
            "ATRIUM__GATEWAY__LISTN__0 (gateway.listn): unknown key 'listn' (did you mean 'listen'?)",
            "ATRIUM__HOST____WORKERS: is not a config key: write ATRIUM__SECTION__KEY, with '__' between keys and list indexes",
            "ATRIUM__HOST__WORKERS__MAX (host.workers): is an integer, a single value: it has no key 'max'",
            "ATRIUM__HOSTS__WORKERS (hosts): unknown section 'hosts' (did you mean 'host'?)",
        ]);
        result.Errors.Where(e => e.Variable is not null).ShouldAllBe(e => e.Line == 0 && e.Column == 0);
    }

    [Fact]
    public void Load_SyntaxErrorInTheFile_StillListsTheVariablesErrors()
    {
        var result = Load("host: [unclosed\n", ("ATRIUM__HOST__WORKRS", "1"));

        result.Errors.Count.ShouldBe(2);
        result.Errors[0].Line.ShouldBeGreaterThan(0);
        result.Errors[1].ToString().ShouldBe("ATRIUM__HOST__WORKRS (host.workrs): unknown key 'workrs' (did you mean 'workers'?)");
    }

    [Fact]
    public void Load_SameKeyInTwoSpellings_IsAnErrorNamingBoth()
    {
        var result = Load(Yaml, ("ATRIUM__HOST__WORKERS", "3"), ("atrium__host__workers", "5"));

        Messages(result).ShouldBe(["atrium__host__workers (host.workers): is already set by ATRIUM__HOST__WORKERS"]);
    }

    [Fact]
    public void Load_NewElementFailingValidation_NamesTheVariablePrefixThatCreatedIt()
    {
        var result = Load(Yaml, ("ATRIUM__GATEWAY__ROUTES__1__CLUSTER", "ordering"));

        Messages(result).ShouldBe(["ATRIUM__GATEWAY__ROUTES__1 (gateway.routes[1].id): The id field is required."]);
    }

    [Fact]
    public void Load_SecretSetByVariable_IsRedactedInTheShownConfig()
    {
        var result = Load(Yaml, ("ATRIUM__GATEWAY__CLUSTERS__ORDERING__APIKEY", "hunter2-from-env"));

        result.Errors.ShouldBeEmpty();
        result.Config!.Get<TestGatewayOptions>("gateway").Clusters["ordering"].ApiKey.ShouldBe("hunter2-from-env");
        var shown = result.Config.ToRedactedJson();
        shown.ShouldNotContain("hunter2");
        shown.ShouldContain("\"apiKey\": \"***\"");
    }
}
