using Atrium.Chassis.Configuration;
using Atrium.Chassis.Errors;
using Atrium.Gateway.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Gateway.Admin;

/// <summary>
/// The admin API (its own listener, loopback by default): effective config with secrets redacted, routes in the
/// order they are tried, clusters with endpoint counters, and config reload status and trigger. JSON everywhere.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapGatewayAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin");
        admin.MapGet("/config", static (ConfigStore store) => Results.Text(store.Current.ToRedactedJson(), "application/json"));
        admin.MapGet("/routes", static (GatewayRuntime runtime) => Results.Json(AdminViews.Routes(runtime.Current, runtime.Pipeline)));
        admin.MapGet("/clusters", static (GatewayRuntime runtime) => Results.Json(AdminViews.Clusters(runtime.Current)));
        admin.MapGet("/reload", static (ConfigStore store) => Results.Json(AdminViews.Reload(store.LastReload)));
        admin.MapPost("/reload", static (ConfigStore store) => Reload(store));
        return endpoints;
    }

    private static IResult Reload(ConfigStore store)
    {
        if (store.Current.Source == AtriumConfig.EmbeddedSource)
        {
            throw new AtriumException(ErrorCodes.Conflict, "Atrium was started with the embedded defaults; start it with --config FILE to reload from a file.");
        }

        var result = store.Reload();
        return result.Succeeded
            ? Results.Json(AdminViews.Reload(store.LastReload))
            : Results.Json(AdminViews.Reload(store.LastReload), statusCode: StatusCodes.Status422UnprocessableEntity);
    }
}
