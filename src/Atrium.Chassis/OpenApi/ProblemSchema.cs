using System.Text.Json.Nodes;
using Atrium.Chassis.Errors;
using Microsoft.OpenApi;

namespace Atrium.Chassis.OpenApi;

/// <summary>The <c>Problem</c> component: the RFC 9457 body <see cref="ProblemResponse"/> writes, with its code table.</summary>
internal static class ProblemSchema
{
    public const string Id = "Problem";

    public static OpenApiSchema Create() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details. `code` is stable (also the X-Error-Code header); `errors` names each invalid field.",
        Required = new HashSet<string>(StringComparer.Ordinal) { "type", "title", "status", "detail", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = Text("urn:atrium:error:CODE"),
            ["title"] = Text("The code's fixed title."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = Text("What went wrong with this request."),
            ["instance"] = Text("The request path."),
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. ErrorCodes.All.Select(c => (JsonNode)JsonValue.Create(c.Name))],
            },
            ["trace_id"] = Text("The W3C trace id of the request, for the logs and traces."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For VALIDATION_FAILED: each invalid field (or header) and what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
