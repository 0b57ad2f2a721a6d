namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>YAML snippets for gateway config in tests.</summary>
internal static class RouteYaml
{
    /// <summary>A route to <paramref name="cluster"/> that names itself in the <c>X-Route</c> response header.</summary>
    public static string Tagged(string id, string match, string cluster = "echo", string extra = "") =>
        $$"""
        - id: {{id}}
          match: {{match}}
          cluster: {{cluster}}
          transforms: { responseHeaders: { set: { X-Route: {{id}} } } }
        {{extra}}
        """;

    /// <summary>A one-endpoint cluster.</summary>
    public static string Cluster(string name, string endpoint, string extra = "") =>
        $$"""
          {{name}}:
            endpoints: ["{{endpoint}}"]
        {{extra}}
        """;
}
