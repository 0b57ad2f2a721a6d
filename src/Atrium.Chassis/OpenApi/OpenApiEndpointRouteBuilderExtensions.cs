using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Atrium.Chassis.OpenApi;

/// <summary>
/// Serves a service module's OpenAPI document under its own public prefix, <c>/api/{module}/openapi.json</c>, so the
/// gateway's route for the module reaches it with no route of its own.
/// </summary>
public static class OpenApiEndpointRouteBuilderExtensions
{
    /// <summary>The document name every module uses.</summary>
    public const string DocumentName = "v1";

    /// <summary>
    /// Generates the module's OpenAPI document from its endpoints (ASP.NET Core's generator), with what
    /// <see cref="ApiEndpointConventions"/> declares: problem answers, the bearer scheme, the headers read. The one
    /// server is relative (<c>/</c>): the document is read through the gateway, whose address the module does not know.
    /// </summary>
    public static IServiceCollection AddModuleOpenApi(this IServiceCollection services, string module)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        return services.AddOpenApi(DocumentName, options =>
        {
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"Atrium {module}";
                document.Info.Description = $"The public HTTP API of the {module} module, through the gateway. Errors are RFC 9457 problem details with a stable code.";
                document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway that served this document." }];
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>Maps <c>GET /api/{module}/openapi.json</c>.</summary>
    public static IEndpointConventionBuilder MapModuleOpenApi(this IEndpointRouteBuilder endpoints, string module)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapOpenApi($"/api/{module}/openapi.json");
    }
}
