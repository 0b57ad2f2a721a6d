using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Chassis.OpenApi;

/// <summary>
/// Writes each operation's <see cref="ApiOperationMetadata"/> into the document: the problem answers (with the
/// <see cref="ProblemSchema"/>), the bearer requirement and the <c>Idempotency-Key</c> and <c>Prefer</c> headers.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public const string BearerScheme = "bearer";

    // Any operation may meet the gateway's rate limits, and a module that is not ready (its database down) refuses all.
    private static readonly int[] Always = [StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation has no document to hold its components.");
        AddComponents(document);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperationMetadata>().ToList();
        operation.Responses ??= [];
        foreach (var status in metadata.SelectMany(m => m.ProblemStatuses).Concat(Always).Distinct().Order())
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Problem(status, document);
        }

        if (metadata.Any(m => m.Bearer))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        if (metadata.Any(m => m.IdempotencyKey))
        {
            AddHeader(operation, ApiHeaders.IdempotencyKey());
        }

        if (metadata.Any(m => m.PreferWait))
        {
            AddHeader(operation, ApiHeaders.PreferWait());
            foreach (var (code, response) in operation.Responses)
            {
                if (code == "200" && response is OpenApiResponse ok)
                {
                    ok.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                    ok.Headers["Preference-Applied"] = ApiHeaders.PreferenceApplied();
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void AddComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        if (document.Components.Schemas?.ContainsKey(ProblemSchema.Id) != true)
        {
            document.AddComponent<IOpenApiSchema>(ProblemSchema.Id, ProblemSchema.Create());
        }

        if (document.Components.SecuritySchemes?.ContainsKey(BearerScheme) != true)
        {
            document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /api/identity/token (access_token).",
            });
        }
    }

    private static OpenApiResponse Problem(int status, OpenApiDocument document)
    {
        var response = new OpenApiResponse
        {
            Description = $"{ReasonPhrases.GetReasonPhrase(status)}: problem details; `code` (also X-Error-Code) says which.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemResponse.ContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id, document) },
            },
            Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal) { [ProblemResponse.ErrorCodeHeader] = ApiHeaders.ErrorCode() },
        };
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers["Retry-After"] = ApiHeaders.RetryAfter();
        }

        return response;
    }

    private static void AddHeader(OpenApiOperation operation, OpenApiParameter header)
    {
        operation.Parameters ??= [];
        if (!operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, header.Name, StringComparison.OrdinalIgnoreCase)))
        {
            operation.Parameters.Add(header);
        }
    }
}
