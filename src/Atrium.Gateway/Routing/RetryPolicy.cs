using Atrium.Gateway.Configuration;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Routing;

/// <summary>A route's <see cref="RetryConfig"/> compiled once per snapshot: what is retried, how often, how long to wait.</summary>
internal sealed class RetryPolicy
{
    private readonly bool[] _statuses = new bool[100];

    public RetryPolicy(RetryConfig config)
    {
        Config = config;
        foreach (var condition in config.RetryOn)
        {
            switch (condition)
            {
                case RetryConditions.ConnectFailure:
                    OnConnectFailure = true;
                    break;
                case RetryConditions.Reset:
                    OnReset = true;
                    break;
                case RetryConditions.Timeout:
                    OnTimeout = true;
                    break;
                default:
                    _statuses[int.Parse(condition, System.Globalization.CultureInfo.InvariantCulture) - 500] = true;
                    break;
            }
        }
    }

    public RetryConfig Config { get; }

    public bool OnConnectFailure { get; }

    public bool OnReset { get; }

    public bool OnTimeout { get; }

    /// <summary>Whether an upstream answer with this status is retried.</summary>
    public bool IsRetryableStatus(int status) => status is >= 500 and <= 599 && _statuses[status - 500];

    /// <summary>Idempotent methods (RFC 9110 §9.2.2), or any method when the route says repeating is safe.</summary>
    public bool AppliesTo(string method) =>
        Config.RetryNonIdempotent
        || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): exponential, capped, between half and all of it.</summary>
    public TimeSpan Backoff(int retry) => Chassis.Resilience.Backoff.Delay(retry, Config.Backoff.Base, Config.Backoff.Max);
}
