using Atrium.Chassis.Configuration;
using Atrium.Gateway.Health;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Runtime;

namespace Atrium.Gateway.Admin;

/// <summary>The JSON shapes the admin API answers with, built from the live snapshot.</summary>
internal static class AdminViews
{
    public static object Routes(GatewaySnapshot snapshot, ProxyPipeline pipeline) => snapshot.Routes.Routes.Select((r, rank) => new
    {
        rank,
        id = r.Id,
        order = r.Config.Order,
        path = r.Path.ToString(),
        pathKind = r.Path.Kind.ToString(),
        hosts = r.Config.Match.Hosts,
        methods = r.Config.Match.Methods,
        headers = r.Config.Match.Headers.Select(h => new { name = h.Name, mode = h.Mode.ToString(), values = h.Values }),
        query = r.Config.Match.Query.Select(q => new { name = q.Name, mode = q.Mode.ToString(), values = q.Values }),
        cluster = r.Cluster.Name,
        timeoutMs = r.Config.Timeout.TotalMilliseconds,
        maxRequestBodySize = r.Config.MaxRequestBodySize,
        stages = pipeline.Stages,
        retry = r.Retry is null ? null : new
        {
            maxAttempts = r.Config.Retry.MaxAttempts,
            retryOn = r.Config.Retry.RetryOn,
            budgetPercent = r.Config.Retry.BudgetPercent,
            retryNonIdempotent = r.Config.Retry.RetryNonIdempotent,
        },
        policies = r.Policies.Describe(),
    }).ToList();

    public static object Clusters(GatewaySnapshot snapshot) => snapshot.Clusters.ToDictionary(c => c.Key, c => new
    {
        httpVersion = c.Value.Config.HttpVersion,
        tls = new
        {
            // Verification off is a risk an operator must see; the file paths are config, shown by /admin/config.
            insecureSkipVerify = c.Value.Config.Tls.InsecureSkipVerify,
            caBundle = c.Value.Config.Tls.CaPath.Length > 0,
            serverName = c.Value.Config.Tls.ServerName.Length > 0 ? c.Value.Config.Tls.ServerName : null,
            clientCertificate = c.Value.Config.Tls.ClientCertificatePath.Length > 0,
        },
        activeRequests = c.Value.Concurrency.InFlight,
        maxConcurrentRequests = c.Value.Config.MaxConcurrentRequests,
        retriesInFlight = c.Value.RetryBudget.RetriesInFlight,
        loadBalancing = c.Value.LoadBalancer.Name,
        circuitBreaker = c.Value.Breaker is { } breaker
            ? new { state = StateName(breaker.State) }
            : new { state = "disabled" },
        activeHealthCheck = c.Value.ActiveHealth is not null,
        passiveHealthCheck = c.Value.PassiveHealth is not null,
        endpoints = c.Value.Endpoints.Select(e => new
        {
            address = e.Address,
            state = HealthStates.Of(e.Health),
            ejectedUntil = e.Health.EjectedUntil,
            ejections = e.Health.Ejections,
            activeRequests = e.ActiveRequests,
            requests = e.Requests,
            failures = e.Failures,
        }),
    });

    private static string StateName(Resilience.CircuitState state) => state switch
    {
        Resilience.CircuitState.Open => "open",
        Resilience.CircuitState.HalfOpen => "halfOpen",
        _ => "closed",
    };

    public static object Reload(ConfigReloadStatus status, ConfigStore store) => new
    {
        attemptedAt = status.AttemptedAt,
        trigger = status.Trigger,
        source = store.ConfigCenter?.Label ?? store.Current.Source,
        configCenter = store.ConfigCenter is { } center
            ? new
            {
                @namespace = center.Namespace,
                revision = center.AppliedRevision,
                lastSeenRevision = center.LastSeenRevision,
                fromCache = center.FromCache,
                connected = center.Connected,
            }
            : null,
        succeeded = status.Succeeded,
        changed = status.ChangedKeys,
        restartRequired = status.RestartRequiredKeys,
        errors = status.Errors.Select(e => new { path = e.Path, message = e.Message, line = e.Line, column = e.Column, variable = e.Variable }),
    };
}
