using System.Text.Json.Nodes;
using Atrium.Chassis.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Runtime;

namespace Atrium.Gateway.Admin;

/// <summary>
/// The JSON shapes the admin API answers with, built from the live snapshot as JSON nodes: no serializer reflects over
/// them, so the Native AOT gateway answers with the same documents as atrium.
/// </summary>
internal static class AdminViews
{
    public static JsonNode Routes(GatewaySnapshot snapshot, ProxyPipeline pipeline) => JsonNodes.Array(snapshot.Routes.Routes.Select((r, rank) => new JsonObject
    {
        ["rank"] = rank,
        ["id"] = r.Id,
        ["order"] = r.Config.Order,
        ["path"] = r.Path.ToString(),
        ["pathKind"] = r.Path.Kind.ToString(),
        ["hosts"] = JsonNodes.Strings(r.Config.Match.Hosts),
        ["methods"] = JsonNodes.Strings(r.Config.Match.Methods),
        ["headers"] = JsonNodes.Array(r.Config.Match.Headers.Select(h => Match(h.Name, h.Mode.ToString(), h.Values))),
        ["query"] = JsonNodes.Array(r.Config.Match.Query.Select(q => Match(q.Name, q.Mode.ToString(), q.Values))),
        ["cluster"] = r.Cluster.Name,
        ["timeoutMs"] = r.Config.Timeout.TotalMilliseconds,
        ["maxRequestBodySize"] = r.Config.MaxRequestBodySize,
        ["stages"] = JsonNodes.Strings(pipeline.Stages),
        ["retry"] = r.Retry is null ? null : new JsonObject
        {
            ["maxAttempts"] = r.Config.Retry.MaxAttempts,
            ["retryOn"] = JsonNodes.Strings(r.Config.Retry.RetryOn),
            ["budgetPercent"] = r.Config.Retry.BudgetPercent,
            ["retryNonIdempotent"] = r.Config.Retry.RetryNonIdempotent,
        },
        ["policies"] = r.Policies.Describe(),
    }));

    public static JsonNode Clusters(GatewaySnapshot snapshot)
    {
        var clusters = new JsonObject();
        foreach (var (name, cluster) in snapshot.Clusters)
        {
            clusters[name] = new JsonObject
            {
                ["httpVersion"] = cluster.Config.HttpVersion,
                ["tls"] = new JsonObject
                {
                    // Verification off is a risk an operator must see; the file paths are config, shown by /admin/config.
                    ["insecureSkipVerify"] = cluster.Config.Tls.InsecureSkipVerify,
                    ["caBundle"] = cluster.Config.Tls.CaPath.Length > 0,
                    ["serverName"] = cluster.Config.Tls.ServerName.Length > 0 ? cluster.Config.Tls.ServerName : null,
                    ["clientCertificate"] = cluster.Config.Tls.ClientCertificatePath.Length > 0,
                },
                ["activeRequests"] = cluster.Concurrency.InFlight,
                ["maxConcurrentRequests"] = cluster.Config.MaxConcurrentRequests,
                ["retriesInFlight"] = cluster.RetryBudget.RetriesInFlight,
                ["loadBalancing"] = cluster.LoadBalancer.Name,
                ["circuitBreaker"] = new JsonObject { ["state"] = cluster.Breaker is { } breaker ? StateName(breaker.State) : "disabled" },
                ["activeHealthCheck"] = cluster.ActiveHealth is not null,
                ["passiveHealthCheck"] = cluster.PassiveHealth is not null,
                ["endpoints"] = JsonNodes.Array(cluster.Endpoints.Select(e => new JsonObject
                {
                    ["address"] = e.Address,
                    ["state"] = HealthStates.Of(e.Health),
                    ["ejectedUntil"] = e.Health.EjectedUntil,
                    ["ejections"] = e.Health.Ejections,
                    ["activeRequests"] = e.ActiveRequests,
                    ["requests"] = e.Requests,
                    ["failures"] = e.Failures,
                })),
            };
        }

        return clusters;
    }

    private static JsonObject Match(string name, string mode, IEnumerable<string> values) =>
        new() { ["name"] = name, ["mode"] = mode, ["values"] = JsonNodes.Strings(values) };

    private static string StateName(CircuitState state) => state switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "halfOpen",
        _ => "closed",
    };

    public static JsonNode Reload(ConfigReloadStatus status, ConfigStore store) => new JsonObject
    {
        ["attemptedAt"] = status.AttemptedAt,
        ["trigger"] = status.Trigger,
        ["source"] = store.ConfigCenter?.Label ?? store.Current.Source,
        ["configCenter"] = store.ConfigCenter is { } center
            ? new JsonObject
            {
                ["namespace"] = center.Namespace,
                ["revision"] = center.AppliedRevision,
                ["lastSeenRevision"] = center.LastSeenRevision,
                ["fromCache"] = center.FromCache,
                ["connected"] = center.Connected,
            }
            : null,
        ["succeeded"] = status.Succeeded,
        ["changed"] = JsonNodes.Strings(status.ChangedKeys),
        ["restartRequired"] = JsonNodes.Strings(status.RestartRequiredKeys),
        ["errors"] = JsonNodes.Array(status.Errors.Select(e => new JsonObject
        {
            ["path"] = e.Path,
            ["message"] = e.Message,
            ["line"] = e.Line,
            ["column"] = e.Column,
            ["variable"] = e.Variable,
        })),
    };
}
