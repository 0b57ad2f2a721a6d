using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Retries of a route (<c>gateway.routes[i].retry</c>): idempotent methods only unless
/// <see cref="RetryNonIdempotent"/>, to another endpoint when there is one, within the cluster's retry budget.
/// </summary>
public sealed class RetryConfig : IValidatableConfig
{
    /// <summary>Whether to retry. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Retries after the first attempt. Default 2.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 2;

    /// <summary>
    /// What is retried: <c>connectFailure</c>, <c>reset</c> (connection dropped before an answer), <c>timeout</c>, or a
    /// 5xx status code such as <c>"503"</c>. Default <c>[connectFailure, reset, "503"]</c>.
    /// </summary>
    public List<string> RetryOn { get; set; } = [RetryConditions.ConnectFailure, RetryConditions.Reset, "503"];

    /// <summary>The wait before each retry.</summary>
    public RetryBackoffConfig Backoff { get; set; } = new();

    /// <summary>
    /// Retries in flight may be at most this percentage of the cluster's requests in flight, so that retries never
    /// amplify an outage. Default 20.
    /// </summary>
    [Range(0, 100)]
    public int BudgetPercent { get; set; } = 20;

    /// <summary>Retries per second allowed even beyond the budget, so that quiet routes can retry too. Default 10.</summary>
    [Range(0, 100_000)]
    public int MinRetriesPerSecond { get; set; } = 10;

    /// <summary>
    /// Largest request body (with a Content-Length) buffered so that it can be sent again; larger or chunked bodies
    /// are never retried. Default 64 KiB.
    /// </summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxBufferedBodySize { get; set; } = 64 * 1024;

    /// <summary>Retry POST, PATCH and other non-idempotent methods too (only for routes that are safe to repeat). Default false.</summary>
    public bool RetryNonIdempotent { get; set; }

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < RetryOn.Count; i++)
        {
            var value = RetryOn[i];
            if (Array.IndexOf(RetryConditions.Named, value) >= 0)
            {
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 500 or > 599)
            {
                context.AddError($"retryOn[{i}]", $"'{value}' is not connectFailure, reset, timeout or a 5xx status code");
            }
        }
    }
}
