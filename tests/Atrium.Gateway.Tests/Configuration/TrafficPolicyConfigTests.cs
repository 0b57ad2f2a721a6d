using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Tests.Configuration;

public sealed class TrafficPolicyConfigTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var cluster = new ClusterConfig();
        cluster.LoadBalancing.Policy.ShouldBe("powerOfTwoChoices");
        cluster.MaxConcurrentRequests.ShouldBe(0);

        var active = cluster.HealthCheck.Active;
        active.Enabled.ShouldBeFalse();
        active.Path.ShouldBe("/healthz");
        active.Interval.ShouldBe(TimeSpan.FromSeconds(5));
        active.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        active.HealthyThreshold.ShouldBe(2);
        active.UnhealthyThreshold.ShouldBe(3);

        var passive = cluster.HealthCheck.Passive;
        passive.Enabled.ShouldBeTrue();
        passive.ConsecutiveFailures.ShouldBe(5);
        passive.BaseEjectionTime.ShouldBe(TimeSpan.FromSeconds(30));
        passive.MaxEjectionTime.ShouldBe(TimeSpan.FromMinutes(5));
        passive.MaxEjectedPercent.ShouldBe(50);

        var breaker = cluster.CircuitBreaker;
        breaker.Enabled.ShouldBeTrue();
        breaker.FailureRatio.ShouldBe(0.6);
        breaker.SamplingDuration.ShouldBe(TimeSpan.FromSeconds(10));
        breaker.MinimumThroughput.ShouldBe(20);
        breaker.BreakDuration.ShouldBe(TimeSpan.FromSeconds(30));
        breaker.CloseAfterSuccesses.ShouldBe(5);
        breaker.Fallback.ShouldBeNull();

        var retry = new RouteConfig().Retry;
        retry.Enabled.ShouldBeFalse();
        retry.MaxAttempts.ShouldBe(2);
        retry.RetryOn.ShouldBe(["connectFailure", "reset", "503"]);
        retry.Backoff.Base.ShouldBe(TimeSpan.FromMilliseconds(25));
        retry.Backoff.Max.ShouldBe(TimeSpan.FromMilliseconds(250));
        retry.BudgetPercent.ShouldBe(20);
        retry.MinRetriesPerSecond.ShouldBe(10);
        retry.MaxBufferedBodySize.ShouldBe(64 * 1024);
        retry.RetryNonIdempotent.ShouldBeFalse();
    }

    [Fact]
    public void Load_EveryPolicySet_Succeeds()
    {
        var result = Load("""
            routes:
              - id: a
                match: { path: /a }
                cluster: c
                retry: { enabled: true, maxAttempts: 3, retryOn: [connectFailure, reset, timeout, "502", "503"], backoff: { base: 10ms, max: 1s }, budgetPercent: 50, retryNonIdempotent: true }
            clusters:
              c:
                endpoints: ["http://127.0.0.1:1"]
                loadBalancing: { policy: consistentHash, hashOn: header, hashKey: X-User }
                healthCheck:
                  active: { enabled: true, path: /health, interval: 1s, timeout: 500ms }
                  passive: { consecutiveFailures: 3, baseEjectionTime: 10s, maxEjectionTime: 1m }
                circuitBreaker: { failureRatio: 0.5, breakDuration: 5s, fallback: { status: 200, headers: { Content-Type: text/plain }, body: cached } }
                maxConcurrentRequests: 100
            """);

        result.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("loadBalancing: { policy: leastConnections }",
        "gateway.clusters.c.loadBalancing.policy: unknown policy 'leastConnections'; use one of powerOfTwoChoices, roundRobin, random, leastRequests, consistentHash")]
    [InlineData("loadBalancing: { policy: consistentHash, hashOn: header }",
        "gateway.clusters.c.loadBalancing.hashKey: hashOn header needs hashKey: the header name")]
    [InlineData("loadBalancing: { policy: consistentHash, hashOn: query, hashKey: q }",
        "gateway.clusters.c.loadBalancing.hashOn: unknown hash source 'query'; use one of header, cookie, clientIp")]
    [InlineData("loadBalancing: { policy: roundRobin, hashKey: X-User }",
        "gateway.clusters.c.loadBalancing: hashOn and hashKey apply only to policy consistentHash")]
    [InlineData("healthCheck: { active: { path: healthz } }",
        "gateway.clusters.c.healthCheck.active.path: must start with '/'")]
    [InlineData("healthCheck: { active: { interval: 1s, timeout: 2s } }",
        "gateway.clusters.c.healthCheck.active.timeout: must not be longer than interval")]
    [InlineData("healthCheck: { passive: { baseEjectionTime: 1m, maxEjectionTime: 30s } }",
        "gateway.clusters.c.healthCheck.passive.maxEjectionTime: must not be shorter than baseEjectionTime")]
    [InlineData("circuitBreaker: { fallback: { headers: { Connection: close } } }",
        "gateway.clusters.c.circuitBreaker.fallback.headers.Connection: 'Connection' is set by the gateway and cannot be configured")]
    public void Load_InvalidClusterPolicy_ReportsExactError(string clusterYaml, string error)
    {
        Errors($$"""
            clusters:
              c:
                endpoints: ["http://127.0.0.1:1"]
                {{clusterYaml}}
            """).ShouldBe([error]);
    }

    [Theory]
    [InlineData("retryOn: [connectFailure, \"404\"]", "gateway.routes[0].retry.retryOn[1]: '404' is not connectFailure, reset, timeout or a 5xx status code")]
    [InlineData("retryOn: [refused]", "gateway.routes[0].retry.retryOn[0]: 'refused' is not connectFailure, reset, timeout or a 5xx status code")]
    [InlineData("backoff: { base: 1s, max: 100ms }", "gateway.routes[0].retry.backoff.max: must not be shorter than base")]
    public void Load_InvalidRetry_ReportsExactError(string retryYaml, string error)
    {
        Errors($$"""
            routes:
              - { id: a, match: { path: /a }, cluster: c, retry: { enabled: true, {{retryYaml}} } }
            clusters:
              c: { endpoints: ["http://127.0.0.1:1"] }
            """).ShouldBe([error]);
    }

    [Fact]
    public void Load_OutOfRangeNumbers_Reported()
    {
        Errors("""
            routes:
              - { id: a, match: { path: /a }, cluster: c, retry: { maxAttempts: 0, budgetPercent: 101 } }
            clusters:
              c:
                endpoints: ["http://127.0.0.1:1"]
                circuitBreaker: { failureRatio: 1.5, minimumThroughput: 0 }
                maxConcurrentRequests: -1
            """).Count.ShouldBe(5);
    }

    private static List<string> Errors(string gatewayYaml) => Load(gatewayYaml).Errors.Select(e => e.ToString()).ToList();

    private static ConfigLoadResult Load(string gatewayYaml) => GatewayConfigText.Load(gatewayYaml);
}
