using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Tests.Configuration.TestOptions;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class AtriumConfigTests
{
    private static AtriumConfig Load(string yaml)
    {
        var result = ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, TestSchemas.Create());
        result.Errors.ShouldBeEmpty();
        return result.Config!;
    }

    [Fact]
    public void ToRedactedJson_SecretProperty_IsMasked()
    {
        var config = Load("gateway:\n  clusters:\n    ordering:\n      endpoints: [\"http://a\"]\n      apiKey: s3cr3t\n");

        var json = config.ToRedactedJson();

        json.ShouldNotContain("s3cr3t");
        using var document = JsonDocument.Parse(json);
        var cluster = document.RootElement.GetProperty("gateway").GetProperty("clusters").GetProperty("ordering");
        cluster.GetProperty("apiKey").GetString().ShouldBe("***");
        cluster.GetProperty("endpoints")[0].GetString().ShouldBe("http://a");
    }

    [Fact]
    public void ToRedactedJson_Defaults_AreRenderedWithYamlNames()
    {
        using var document = JsonDocument.Parse(Load(string.Empty).ToRedactedJson());

        var host = document.RootElement.GetProperty("host");
        host.GetProperty("shutdownTimeout").GetString().ShouldBe("30s");
        host.GetProperty("workers").GetInt32().ShouldBe(4);
        host.GetProperty("grace").ValueKind.ShouldBe(JsonValueKind.Null);
        document.RootElement.GetProperty("logging").GetProperty("level").GetString().ShouldBe("Information");
    }

    [Fact]
    public void ToRedactedJson_UnsetSecret_IsNull()
    {
        var config = Load("gateway:\n  clusters:\n    ordering:\n      endpoints: [\"http://a\"]\n");

        using var document = JsonDocument.Parse(config.ToRedactedJson());

        document.RootElement.GetProperty("gateway").GetProperty("clusters").GetProperty("ordering")
            .GetProperty("apiKey").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void ToRedactedJson_SecretsByNameAndShape_AreMasked()
    {
        var config = Load("""
            gateway:
              clusters:
                ordering:
                  endpoints: ["http://svc:hunter2@ordering:8104"]
                  headers: { Authorization: "Bearer hunter3", X-Tenant: blue }
            """);

        var json = config.ToRedactedJson();

        json.ShouldNotContain("hunter");
        using var document = JsonDocument.Parse(json);
        var cluster = document.RootElement.GetProperty("gateway").GetProperty("clusters").GetProperty("ordering");
        cluster.GetProperty("endpoints")[0].GetString().ShouldBe("http://***@ordering:8104");
        cluster.GetProperty("headers").GetProperty("Authorization").GetString().ShouldBe("***");
        cluster.GetProperty("headers").GetProperty("X-Tenant").GetString().ShouldBe("blue");
    }

    [Fact]
    public void ToRedactedJson_EmptySecret_IsShownEmpty()
    {
        var config = Load("gateway:\n  clusters:\n    ordering:\n      endpoints: [\"http://a\"]\n      apiKey: \"\"\n");

        using var document = JsonDocument.Parse(config.ToRedactedJson());

        document.RootElement.GetProperty("gateway").GetProperty("clusters").GetProperty("ordering")
            .GetProperty("apiKey").GetString().ShouldBe("");
    }

    [Fact]
    public void Get_UnregisteredSection_Throws()
    {
        Should.Throw<ArgumentException>(() => Load(string.Empty).Get<TestHostOptions>("nope"));
    }

    [Fact]
    public void Get_WrongType_Throws()
    {
        Should.Throw<InvalidOperationException>(() => Load(string.Empty).Get<TestGatewayOptions>("host"));
    }
}
