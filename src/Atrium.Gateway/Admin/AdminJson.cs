using System.Text.Json.Nodes;
using Atrium.Chassis.Configuration;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Admin;

/// <summary>Every admin answer leaves through here, redacted by the config's one redactor.</summary>
internal static class AdminJson
{
    public static IResult Redacted(JsonNode view, int statusCode = StatusCodes.Status200OK)
    {
        ConfigRedactor.Redact(view);
        return Results.Text(view.ToJsonString(), "application/json", statusCode: statusCode);
    }
}
