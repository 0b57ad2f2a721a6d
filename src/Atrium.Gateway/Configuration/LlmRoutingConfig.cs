using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// LLM inference routing for OpenAI-compatible APIs (<c>gateway.routes[i].llm</c>): the cluster is chosen by the JSON
/// body's <c>model</c>, a second cluster takes over on 429/5xx or a late first token, and the response's
/// <c>usage</c> is counted into per-subject token budgets.
/// </summary>
public sealed class LlmRoutingConfig
{
    /// <summary>Cluster by model name (the body's <c>model</c>). Default none: every model goes to <see cref="DefaultCluster"/>.</summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The cluster of a model not in <see cref="Models"/>. Default empty: the route's <c>cluster</c>.</summary>
    public string DefaultCluster { get; set; } = "";

    /// <summary>
    /// The cluster tried once more when the first answers 429 or 5xx, cannot be reached, or sends no byte of its
    /// answer within <see cref="FirstTokenTimeout"/>. Default empty: no fallback.
    /// </summary>
    public string FallbackCluster { get; set; } = "";

    /// <summary>How long a cluster may take to send the first byte of its answer (a streamed answer's first event). Default 800 ms.</summary>
    [DurationRange("00:00:00.001", "00:10:00")]
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The largest request body read to find <c>model</c>; larger gets 413 <c>PAYLOAD_TOO_LARGE</c>. Default 1 MiB.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public int MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Tokens (the responses' <c>usage.total_tokens</c>) a subject may spend per <see cref="BudgetWindow"/>; then 429
    /// <c>TOKEN_BUDGET_EXHAUSTED</c>. The subject is the route's authenticated one, or the client IP on an anonymous
    /// route. 0 means no budget. Default 0.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long TokenBudget { get; set; }

    /// <summary>The period a <see cref="TokenBudget"/> covers (fixed windows). Default 1 h.</summary>
    [DurationRange("00:00:01", "31.00:00:00")]
    public TimeSpan BudgetWindow { get; set; } = TimeSpan.FromHours(1);
}
