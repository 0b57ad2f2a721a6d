using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.TestOptions;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class ConfigValidatorTests
{
    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, TestSchemas.Create());

    [Fact]
    public void Load_RouteNamesUnknownCluster_ReportsCrossReferenceWithPath()
    {
        const string Yaml = """
            gateway:
              routes:
                - id: orders
                  cluster: ordering
                - id: basket
                  cluster: ordering
                - id: payments
                  cluster: odering
              clusters:
                ordering:
                  endpoints: ["http://127.0.0.1:8104"]
            """;

        var result = Load(Yaml);

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ConfigError("gateway.routes[2].cluster", "unknown cluster 'odering'", 8, 16));
        result.Errors[0].ToString().ShouldBe("gateway.routes[2].cluster: unknown cluster 'odering'");
    }

    [Fact]
    public void Load_RangeViolationInList_ReportsMemberPathAndLine()
    {
        const string Yaml = """
            gateway:
              routes:
                - id: orders
                  cluster: c
                  order: 5000
              clusters:
                c:
                  endpoints: ["http://a"]
            """;

        var result = Load(Yaml);

        result.Errors.ShouldHaveSingleItem().ShouldBe(
            new ConfigError("gateway.routes[0].order", "The field order must be between 1 and 1000.", 5, 14));
    }

    [Fact]
    public void Load_MissingRequiredKey_PointsAtParentMapping()
    {
        const string Yaml = """
            gateway:
              routes:
                - cluster: c
              clusters:
                c:
                  endpoints: ["http://a"]
            """;

        var result = Load(Yaml);

        result.Errors.ShouldHaveSingleItem().ShouldBe(new ConfigError("gateway.routes[0].id", "The id field is required.", 3, 7));
    }

    [Fact]
    public void Load_AnnotationsInsideDictionary_UseDictionaryKeyPath()
    {
        const string Yaml = """
            gateway:
              clusters:
                ordering:
                  endpoints: []
            """;

        var result = Load(Yaml);

        result.Errors.ShouldHaveSingleItem().ToString().ShouldBe(
            "gateway.clusters.ordering.endpoints: The field endpoints must be a string or array type with a minimum length of '1'.");
    }

    [Fact]
    public void Load_ValidationErrorsAcrossObjects_AreAllCollected()
    {
        const string Yaml = """
            gateway:
              listen: []
              routes:
                - id: Orders
                  cluster: nowhere
                  order: 0
            """;

        var result = Load(Yaml);

        result.Errors.Select(e => e.ToString()).ShouldBe(
        [
            "gateway.listen: at least one listen address is needed when routes are defined",
            "gateway.routes[0].id: The field id must match the regular expression '^[a-z][a-z0-9-]*$'.",
            "gateway.routes[0].cluster: unknown cluster 'nowhere'",
            "gateway.routes[0].order: The field order must be between 1 and 1000.",
        ]);
    }

    [Fact]
    public void Load_ValueThatFailedToBind_IsNotAlsoReportedByValidation()
    {
        const string Yaml = """
            gateway:
              routes:
                - id: 5-Bad
                  cluster: c
                  order: lots
              clusters:
                c:
                  endpoints: ["http://a"]
            """;

        var result = Load(Yaml);

        result.Errors.Select(e => e.ToString()).ShouldBe(
        [
            "gateway.routes[0].id: The field id must match the regular expression '^[a-z][a-z0-9-]*$'.",
            "gateway.routes[0].order: 'lots' is not an integer",
        ]);
    }

    [Fact]
    public void Load_ValueNotInAllowedValues_ReportsPath()
    {
        const string Yaml = """
            gateway:
              clusters:
                ordering:
                  endpoints: ["http://a"]
                  balancing: fastest
            """;

        var result = Load(Yaml);

        result.Errors.ShouldHaveSingleItem().ShouldBe(
            new ConfigError("gateway.clusters.ordering.balancing", "The balancing field does not equal any of the values specified in AllowedValuesAttribute.", 5, 18));
    }

    [Fact]
    public void Load_SectionValidator_ErrorsListedWithTheRecordsOwnWithPathsAndLines()
    {
        const string Yaml = """
            gateway:
              routes:
                - id: orders
                  cluster: c
                  order: 5000
              clusters:
                c:
                  endpoints: ["http://a"]
            """;
        var schema = new ConfigSchema()
            .Add<TestHostOptions>("host")
            .Add<TestLoggingOptions>("logging", reloadable: true)
            .Add<TestGatewayOptions>("gateway", static (options, context) =>
            {
                context.Path.ShouldBe("gateway");
                context.AddError("routes[0].id", $"'{options.Routes[0].Id}' is checked beside the section");
            }, reloadable: true);

        var result = ConfigLoader.Load(Yaml, AtriumConfig.EmbeddedSource, schema);

        result.Errors.ShouldBe(
        [
            new ConfigError("gateway.routes[0].id", "'orders' is checked beside the section", 3, 11),
            new ConfigError("gateway.routes[0].order", "The field order must be between 1 and 1000.", 5, 14),
        ]);
    }
}
