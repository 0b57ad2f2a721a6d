using System.Text.Json.Nodes;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration;

public sealed class ConfigRedactorTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("adminPassword")]
    [InlineData("Pwd")]
    [InlineData("clientSecret")]
    [InlineData("token")]
    [InlineData("X-Auth-Token")]
    [InlineData("x-api-key")]
    [InlineData("apiKey")]
    [InlineData("privateKey")]
    [InlineData("credentials")]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    [InlineData("Set-Cookie")]
    [InlineData("sha256")]
    public void IsSecretName_SecretKeysAndHeaders_True(string name) => ConfigRedactor.IsSecretName(name).ShouldBeTrue();

    [Theory]
    [InlineData("tokenFile")]
    [InlineData("tokenCacheSize")]
    [InlineData("accessTokenLifetime")]
    [InlineData("apiKeyHeader")]
    [InlineData("apiKeys")]
    [InlineData("hashKey")]
    [InlineData("endpoints")]
    [InlineData("name")]
    public void IsSecretName_OtherKeys_False(string name) => ConfigRedactor.IsSecretName(name).ShouldBeFalse();

    [Theory]
    [InlineData("http://user:pass@collector:4318", "http://***@collector:4318")]
    [InlineData("https://apikey@host/path?q=1", "https://***@host/path?q=1")]
    [InlineData("'amqp://guest:guest@rabbit:5672/' is not valid", "'amqp://***@rabbit:5672/' is not valid")]
    [InlineData("Host=db;Username=atrium;Password=s3cr3t;Database=x", "Host=db;Username=atrium;Password=***;Database=x")]
    [InlineData("Host=db;password = 'a;b' ;Database=x", "Host=db;password = *** ;Database=x")]
    [InlineData("Server=db;Pwd=s3cr3t", "Server=db;Pwd=***")]
    [InlineData("Bearer eyJhbGciOi.eyJzdWIi.sig", "Bearer ***")]
    [InlineData("Basic dXNlcjpwYXNz", "Basic ***")]
    [InlineData("http://127.0.0.1:8101/.well-known/jwks.json", "http://127.0.0.1:8101/.well-known/jwks.json")]
    [InlineData("is required (Host=...;Username=...;Password=...;Database=...), naming a database", "is required (Host=...;Username=...;Password=...;Database=...), naming a database")]
    [InlineData("Host=db;Password=...secret;Database=x", "Host=db;Password=***;Database=x")]
    [InlineData("Host=db;Password=....;Database=x", "Host=db;Password=***;Database=x")]
    [InlineData("http://u:p@ss@collector:4318/v1", "http://***@collector:4318/v1")]
    [InlineData("http://collector:4318/v1?to=a@b", "http://collector:4318/v1?to=a@b")]
    [InlineData("Host=db;PSW=s3cr3t;Database=x", "Host=db;PSW=***;Database=x")]
    [InlineData("Host=db;psw = s3cr3t", "Host=db;psw = ***")]
    [InlineData("Host=db;SSL Password=k3y;Database=x", "Host=db;SSL Password=***;Database=x")]
    [InlineData("Host=db;SslPassword=k3y", "Host=db;SslPassword=***")]
    [InlineData("admin@atrium.local", "admin@atrium.local")]
    public void RedactText_SecretShapes_Masked(string text, string expected) => ConfigRedactor.RedactText(text).ShouldBe(expected);

    [Theory]
    [InlineData("headers", "api-key=abc,x-tenant=t1", "api-key=***,x-tenant=***")]
    [InlineData("headers", "api-key=abc,broken", "api-key=***,***")]
    [InlineData("allowedHeaders", "Authorization", "Authorization")]
    [InlineData("token", "abc", "***")]
    [InlineData("token", "", "")]
    [InlineData("endpoint", "http://u:p@h", "http://***@h")]
    [InlineData("issuer", "atrium", "atrium")]
    public void RedactValue_ByNameAndShape_Masked(string name, string value, string expected) =>
        ConfigRedactor.RedactValue(name, value).ShouldBe(expected);

    [Fact]
    public void Redact_JsonView_MasksByKeyNameShapeAndSiblingName()
    {
        var view = JsonNode.Parse("""
            {
              "admin": { "token": "t0ken-value", "tokenFile": "/run/secrets/admin" },
              "apiKeys": [{ "id": "ci", "sha256": "abab", "roles": ["deployer"] }],
              "set": { "Authorization": "Bearer abc", "X-Api-Key": "k3y", "X-Trace": "on" },
              "match": { "headers": [{ "name": "authorization", "mode": "Exact", "values": ["Bearer xyz"] }, { "name": "x-env", "values": ["blue"] }] },
              "endpoints": ["http://u:p@127.0.0.1:9", "http://127.0.0.1:10"],
              "credentials": { "user": "bob", "pin": 1234, "enabled": true },
              "otlp": { "headers": "api-key=abc" }
            }
            """);

        ConfigRedactor.Redact(view);

        view!.ToJsonString().ShouldBe(JsonNode.Parse("""
            {
              "admin": { "token": "***", "tokenFile": "/run/secrets/admin" },
              "apiKeys": [{ "id": "ci", "sha256": "***", "roles": ["deployer"] }],
              "set": { "Authorization": "***", "X-Api-Key": "***", "X-Trace": "on" },
              "match": { "headers": [{ "name": "authorization", "mode": "Exact", "values": ["***"] }, { "name": "x-env", "values": ["blue"] }] },
              "endpoints": ["http://***@127.0.0.1:9", "http://127.0.0.1:10"],
              "credentials": { "user": "***", "pin": "***", "enabled": true },
              "otlp": { "headers": "api-key=***" }
            }
            """)!.ToJsonString());
    }

    [Fact]
    public void Redact_RequestHeaderTransforms_MasksEveryValueAndKeepsTheNames()
    {
        var view = JsonNode.Parse("""
            {
              "transforms": {
                "requestHeaders": { "remove": ["X-Debug"], "set": { "X-Internal-Key": "k1", "X-Service-Auth": "k2" }, "append": { "X-Upstream-Key": "k3" } },
                "responseHeaders": { "set": { "X-Frame-Options": "DENY" } }
              }
            }
            """);

        ConfigRedactor.Redact(view);

        view!.ToJsonString().ShouldBe(JsonNode.Parse("""
            {
              "transforms": {
                "requestHeaders": { "remove": ["X-Debug"], "set": { "X-Internal-Key": "***", "X-Service-Auth": "***" }, "append": { "X-Upstream-Key": "***" } },
                "responseHeaders": { "set": { "X-Frame-Options": "DENY" } }
              }
            }
            """)!.ToJsonString());
    }

    [Theory]
    [InlineData("gateway.clusters.a.endpoints[0]", "'ftp://u:hunter2@h' is not an http address", "'ftp://***@h' is not an http address")]
    [InlineData("gateway.admin.token", "'hunter2' is too short", "'***' is too short")]
    [InlineData("gateway.routes[0].transforms.requestHeaders.set.Authorization", "'Bearer hunter2' is bad", "'***' is bad")]
    [InlineData("gateway.routes[0].id", "duplicate route id 'a'", "duplicate route id 'a'")]
    public void ConfigError_Message_IsRedactedWhenMade(string path, string message, string expected) =>
        new ConfigError(path, message, 1, 1).Message.ShouldBe(expected);

    [Fact]
    public void Redact_NodesBuiltFromValuesJsonWritesAsStrings_KeepsThemAndMasksSecrets()
    {
        var attemptedAt = new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero);
        var view = new JsonObject
        {
            ["attemptedAt"] = attemptedAt,
            ["id"] = JsonValue.Create(Guid.Empty),
            ["password"] = "hunter2",
        };

        ConfigRedactor.Redact(view);

        view.ToJsonString().ShouldBe("""{"attemptedAt":"2026-12-07T11:00:00+00:00","id":"00000000-0000-0000-0000-000000000000","password":"***"}""");
    }
}
