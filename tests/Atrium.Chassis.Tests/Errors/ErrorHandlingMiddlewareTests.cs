using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Atrium.Chassis.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Atrium.Chassis.Tests.Errors;

public sealed class ErrorHandlingMiddlewareTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        _app = builder.Build();
        _app.UseMiddleware<ErrorHandlingMiddleware>();
        _app.UseRouting();
        _app.MapGet("/boom", (HttpContext _) => throw new InvalidOperationException("secret connection string"));
        _app.MapGet("/database-down", (HttpContext _) => throw new DbUpdateException(
            "saving failed", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
        _app.MapGet("/conflict", (HttpContext _) => throw new AtriumException(ErrorCodes.Conflict, "The email is taken."));
        _app.MapGet("/invalid", (HttpContext _) => throw new ValidationFailedException(new Dictionary<string, string[]>
        {
            ["email"] = ["must be an email address"],
            ["password"] = ["must be at least 12 characters"],
        }));
        _app.MapPost("/typed", (Payload payload) => Results.Ok(payload));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task InvokeAsync_UnhandledException_Internal500WithoutDetails()
    {
        using var response = await _client.GetAsync("/boom");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Headers.GetValues(ProblemResponse.ErrorCodeHeader).ShouldBe(["INTERNAL"]);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("secret");
        body.ShouldNotContain("at ");
        var problem = await ProblemOf(response);
        problem.GetProperty("code").GetString().ShouldBe("INTERNAL");
        problem.GetProperty("status").GetInt32().ShouldBe(500);
    }

    [Fact]
    public async Task InvokeAsync_DatabaseUnreachable_NotReady503WithoutDetails()
    {
        using var response = await _client.GetAsync("/database-down");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("5432");
        var problem = await ProblemOf(response);
        problem.GetProperty("code").GetString().ShouldBe("NOT_READY");
        problem.GetProperty("detail").GetString().ShouldBe("The service's database is unavailable; retry later.");
    }

    [Fact]
    public async Task InvokeAsync_AtriumException_KeepsCodeAndDetail()
    {
        using var response = await _client.GetAsync("/conflict");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await ProblemOf(response);
        problem.GetProperty("code").GetString().ShouldBe("CONFLICT");
        problem.GetProperty("detail").GetString().ShouldBe("The email is taken.");
        problem.GetProperty("type").GetString().ShouldBe("urn:atrium:error:CONFLICT");
        problem.GetProperty("instance").GetString().ShouldBe("/conflict");
    }

    [Fact]
    public async Task InvokeAsync_ValidationFailed_ListsEachField()
    {
        using var response = await _client.GetAsync("/invalid");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemOf(response)).GetProperty("errors");
        errors.GetProperty("email")[0].GetString().ShouldBe("must be an email address");
        errors.GetProperty("password")[0].GetString().ShouldBe("must be at least 12 characters");
    }

    [Fact]
    public async Task InvokeAsync_NoRoute_NotFoundEnvelope()
    {
        using var response = await _client.GetAsync("/nowhere");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProblemOf(response)).GetProperty("code").GetString().ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task InvokeAsync_WrongMethod_MethodNotAllowedEnvelope()
    {
        using var response = await _client.DeleteAsync("/conflict");

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await ProblemOf(response)).GetProperty("code").GetString().ShouldBe("METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task InvokeAsync_MalformedJson_BadRequestEnvelope()
    {
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/typed", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemOf(response)).GetProperty("code").GetString().ShouldBe("BAD_REQUEST");
    }

    [Fact]
    public void Render_WithTraceId_IncludesTraceId()
    {
        var body = ProblemResponse.Render(ErrorCodes.NotFound, "no such order", null, "/api/orders/1", "0af7651916cd43dd8448eb211c80319c");

        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("trace_id").GetString().ShouldBe("0af7651916cd43dd8448eb211c80319c");
        problem.GetProperty("title").GetString().ShouldBe("The resource does not exist.");
    }

    public sealed record Payload(string Name);
}
