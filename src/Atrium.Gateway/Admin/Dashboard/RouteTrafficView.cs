namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A route's traffic over the dashboard's window (rates are null until a second sample exists).</summary>
/// <param name="WindowSeconds">The span the rates cover, up to about ten seconds.</param>
/// <param name="RequestsPerSecond">Requests answered per second over the window.</param>
/// <param name="ErrorRate">The share of those answered with a 5xx (0–1); null without requests.</param>
/// <param name="P50Ms">Median time from request received to response complete, in milliseconds.</param>
/// <param name="P99Ms">The 99th percentile of the same.</param>
/// <param name="Requests">Requests since the process started.</param>
internal sealed record RouteTrafficView(double WindowSeconds, double? RequestsPerSecond, double? ErrorRate, double? P50Ms, double? P99Ms, long Requests);
