namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>Everything the dashboard page shows, as <c>GET /admin/dashboard/state</c> answers it.</summary>
internal sealed record DashboardState(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<DashboardRoute> Routes,
    IReadOnlyList<DashboardCluster> Clusters,
    IReadOnlyList<DashboardReload> Reloads,
    DashboardReadiness Readiness,
    DashboardOrders Orders);
