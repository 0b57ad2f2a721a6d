using System.Net;
using System.Text.Json;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>Checks an RFC 9457 answer of the error table: status, media type, <c>X-Error-Code</c> and the body's <c>code</c>.</summary>
internal static class ProblemAssert
{
    public static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.GetValues("X-Error-Code").ShouldBe([code]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("code").GetString().ShouldBe(code);
    }
}
