using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class RedisAndLlmConfigValidationTests
{
    private const string Clusters = """
        clusters:
          openai: { endpoints: ["http://127.0.0.1:8104"] }
          local: { endpoints: ["http://127.0.0.1:8105"] }
        """;

    [Fact]
    public void Load_RedisStoreAndLlmRoute_Succeeds()
    {
        var result = Load("""
            redis: { endpoints: ["redis-0:6379", "10.0.0.5:6380"], password: "s3cret", tls: true, timeout: 100ms, replicas: 3 }
            routes:
              - { id: a, match: { path: /a }, cluster: openai, rateLimit: { limit: 100, store: redis } }
              - id: chat
                match: { path: /v1/chat/completions }
                cluster: openai
                llm: { models: { llama-3: local }, fallbackCluster: local, firstTokenTimeout: 800ms, tokenBudget: 100000, budgetWindow: 1h }
            """ + "\n" + Clusters);

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_InvalidRedisAndLlm_ReportsEachWithItsPath()
    {
        Errors("""
            redis: { endpoints: ["redis-0", "host:99999", "a b:1"], timeout: 0s, replicas: 0 }
            routes:
              - { id: a, match: { path: /a }, cluster: openai, rateLimit: { limit: 100, store: redis } }
              - id: chat
                match: { path: /v1/chat/completions }
                cluster: openai
                split: { backends: [{ cluster: openai, weight: 1 }] }
                llm: { models: { gpt: nope, empty: "" }, defaultCluster: missing, fallbackCluster: gone, maxRequestBodySize: 0, tokenBudget: -1 }
            """).ShouldBe([
            "gateway.redis.timeout: must be between 10ms and 10s",
            "gateway.redis.replicas: The field replicas must be between 1 and 10000.",
            "gateway.redis.endpoints[0]: 'redis-0' is not host:port",
            "gateway.redis.endpoints[1]: 'host:99999' is not host:port",
            "gateway.redis.endpoints[2]: 'a b:1' is not host:port",
            "gateway.routes[1].llm.maxRequestBodySize: The field maxRequestBodySize must be between 1 and 104857600.",
            "gateway.routes[1].llm.tokenBudget: The field tokenBudget must be between 0 and 9.223372036854776E+18.",
            "gateway.routes[1].llm.models.gpt: unknown cluster 'nope'",
            "gateway.routes[1].llm.models.empty: needs a cluster",
            "gateway.routes[1].llm.defaultCluster: unknown cluster 'missing'",
            "gateway.routes[1].llm.fallbackCluster: unknown cluster 'gone'",
            "gateway.routes[1].llm: a route chooses its cluster by split or by llm, not both",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_RedisStoreWithoutEndpoints_Refused()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /a }, cluster: openai, rateLimit: { limit: 100, store: redis } }
            """).ShouldBe(["gateway.routes[0].rateLimit.store: store: redis needs gateway.redis.endpoints"]);
    }

    private static List<string> Errors(string yaml) => GatewayConfigText.Errors(yaml + "\n" + Clusters);

    private static ConfigLoadResult Load(string gatewayYaml) => GatewayConfigText.Load(gatewayYaml);
}
