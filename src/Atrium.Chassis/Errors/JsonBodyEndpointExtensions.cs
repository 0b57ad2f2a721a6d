using Atrium.Chassis.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Atrium.Chassis.Errors;

/// <summary>Describes in the OpenAPI document the body an endpoint reads with <see cref="JsonBody.ReadAsync{T}(Microsoft.AspNetCore.Http.HttpRequest, CancellationToken)"/>.</summary>
public static class JsonBodyEndpointExtensions
{
    /// <summary>
    /// Documents an <c>application/json</c> request body of <typeparamref name="TBody"/>. Only the document learns it:
    /// <c>Accepts&lt;T&gt;()</c> would also let routing refuse another media type, and routing answers that with a
    /// 404 where a GET shares the path, before <see cref="JsonBody"/> can answer 415. The answers
    /// <see cref="JsonBody"/> gives are documented with it: 400 (not JSON, or a field invalid), 413 and 415.
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        return builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });
    }
}
