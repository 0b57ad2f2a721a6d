namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A cluster: its circuit breaker (<c>closed</c>, <c>halfOpen</c>, <c>open</c> or <c>disabled</c>) and endpoints.</summary>
internal sealed record DashboardCluster(string Name, string CircuitBreaker, string LoadBalancing, long ActiveRequests, IReadOnlyList<DashboardEndpoint> Endpoints);
