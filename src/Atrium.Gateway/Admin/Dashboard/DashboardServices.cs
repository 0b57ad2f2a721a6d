using Atrium.Chassis.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>Registers the dashboard in the admin listener's container.</summary>
internal static class DashboardServices
{
    public static IServiceCollection AddGatewayDashboard(this IServiceCollection services, AdminToken token)
    {
        services.AddSingleton(token);
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<ReloadHistory>();
        services.AddSingleton<DashboardMetrics>();
        services.AddSingleton<TrafficWindow>();
        services.AddSingleton<ServiceReadiness>();
        services.AddSingleton<RemoteOrderMetrics>();
        services.AddSingleton<DashboardStateBuilder>();
        return services;
    }
}
