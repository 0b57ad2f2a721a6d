using System.Text.Json;
using Atrium.Chassis.Configuration;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Admin;

/// <summary>Every admin answer leaves through here, redacted by the config's one redactor.</summary>
internal static class AdminJson
{
    public static IResult Redacted(object view, int statusCode = StatusCodes.Status200OK)
    {
        var node = JsonSerializer.SerializeToNode(view, JsonSerializerOptions.Web);
        ConfigRedactor.Redact(node);
        return Results.Text(node?.ToJsonString(JsonSerializerOptions.Web) ?? "null", "application/json", statusCode: statusCode);
    }
}
