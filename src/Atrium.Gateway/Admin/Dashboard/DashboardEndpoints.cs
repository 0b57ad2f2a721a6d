using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>
/// The operators' dashboard on the admin listener: the page at <c>/</c>, its files under <c>/dashboard/assets/</c>,
/// the login form, and <c>GET /admin/dashboard/state</c>, the one JSON document the page polls every second.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Where the page's scripts and styles are served from (open: they hold no data).</summary>
    public const string AssetsPath = "/dashboard/assets";

    public static IEndpointRouteBuilder MapGatewayDashboard(this IEndpointRouteBuilder endpoints)
    {
        // Resolved now, so that request durations are counted from the start and not from the first page view.
        endpoints.ServiceProvider.GetRequiredService<DashboardMetrics>();
        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], static (HttpContext context) =>
            DashboardResponses.WritePageAsync(context, DashboardAssets.Get("index.html")));
        endpoints.MapGet(AssetsPath + "/{name}", static (HttpContext context, string name) =>
            DashboardAssets.Find(name) is { } asset && !name.EndsWith(".html", StringComparison.Ordinal)
                ? DashboardResponses.WriteAssetAsync(context, asset)
                : Results.NotFound().ExecuteAsync(context));
        endpoints.MapGet(DashboardLogin.LoginPath, DashboardLogin.ShowAsync);
        endpoints.MapPost(DashboardLogin.LoginPath, static (HttpContext context, AdminToken token, DashboardSessions sessions, ILogger<DashboardSessions> logger) =>
            DashboardLogin.LogInAsync(context, token, sessions, logger));
        endpoints.MapPost(DashboardLogin.LogoutPath, static (HttpContext context, DashboardSessions sessions) => DashboardLogin.LogOut(context, sessions));
        endpoints.MapGet("/admin/dashboard/state", static (HttpContext context, DashboardStateBuilder builder) => WriteStateAsync(context, builder));
        return endpoints;
    }

    private static async Task WriteStateAsync(HttpContext context, DashboardStateBuilder builder)
    {
        var state = await builder.BuildAsync(context.RequestAborted).ConfigureAwait(false);
        var node = JsonSerializer.SerializeToNode(state, DashboardJsonContext.Default.DashboardState);
        ConfigRedactor.Redact(node);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(node?.ToJsonString() ?? "null", context.RequestAborted).ConfigureAwait(false);
    }
}
