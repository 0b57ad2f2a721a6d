namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>An endpoint of a cluster: <c>healthy</c>, <c>unhealthy</c> (active probes) or <c>ejected</c> (passive), and its counters.</summary>
internal sealed record DashboardEndpoint(
    string Address, string Health, DateTimeOffset? EjectedUntil, int Ejections, long ActiveRequests, long Requests, long Failures);
