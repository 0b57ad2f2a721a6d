using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Gateway.Admin.Dashboard;
using Atrium.Gateway.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Gateway.Admin;

/// <summary>
/// The admin API (its own listener, loopback by default, behind <see cref="AdminGuard"/>): effective config, routes
/// in the order they are tried, clusters with endpoint counters, and config reload status and trigger. JSON
/// everywhere, and every answer redacted (<see cref="AdminJson"/>).
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapGatewayAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin");
        admin.MapGet("/config", static (ConfigStore store) => Results.Text(store.Current.ToRedactedJson(), "application/json"));
        admin.MapGet("/routes", static (GatewayRuntime runtime) => AdminJson.Redacted(AdminViews.Routes(runtime.Current, runtime.Pipeline)));
        admin.MapGet("/clusters", static (GatewayRuntime runtime) => AdminJson.Redacted(AdminViews.Clusters(runtime.Current)));
        admin.MapGet("/reload", static (ConfigStore store) => AdminJson.Redacted(AdminViews.Reload(store.LastReload, store)));
        admin.MapPost("/reload", static (ConfigStore store) => Reload(store));
        endpoints.MapGatewayDashboard();
        return endpoints;
    }

    private static IResult Reload(ConfigStore store)
    {
        if (store.Current.Source == AtriumConfig.EmbeddedSource && store.ConfigCenter is null)
        {
            throw new AtriumException(ErrorCodes.Conflict, "Atrium was started with the embedded defaults; start it with --config FILE to reload from a file.");
        }

        var result = store.Reload();
        return AdminJson.Redacted(
            AdminViews.Reload(store.LastReload, store), result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }
}
