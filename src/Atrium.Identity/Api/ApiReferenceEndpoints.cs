using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Atrium.Identity.Api;

/// <summary>
/// The interactive API reference (Scalar) over every module's OpenAPI document. Identity serves it because it runs in
/// every topology that takes traffic; the gateway routes <see cref="Path"/> here.
/// </summary>
internal static class ApiReferenceEndpoints
{
    /// <summary>Where the reference is served.</summary>
    public const string Path = "/api/docs";

    /// <summary>The public prefixes whose <c>/api/{prefix}/openapi.json</c> the reference shows, one tab each.</summary>
    public static readonly string[] Documents = ["identity", "catalog", "payments", "orders"];

    /// <summary>
    /// Maps <see cref="Path"/>. The page reads each document from the origin that served it (the gateway), so every
    /// document is fetched through the gateway's routes; Scalar's script is served from under the same path.
    /// </summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference(Path, options =>
        {
            options.WithTitle("Atrium API");
            for (var i = 0; i < Documents.Length; i++)
            {
                options.AddDocument(Documents[i], $"Atrium {Documents[i]}", $"/api/{Documents[i]}/openapi.json", isDefault: i == 0);
            }
        });
        return endpoints;
    }
}
