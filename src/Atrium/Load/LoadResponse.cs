using System.Text.Json.Nodes;

namespace Atrium.Load;

/// <summary>A response as the scenarios need it: the status (0 when none came) and the JSON body, if any.</summary>
internal sealed record LoadResponse(int Status, JsonNode? Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
