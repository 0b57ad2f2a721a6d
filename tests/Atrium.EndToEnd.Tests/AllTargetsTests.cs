using System.Net;
using System.Net.Http.Headers;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

public class AllTargetsTests(AtriumAllFixture atrium) : IClassFixture<AtriumAllFixture>
{
    public static TheoryData<string> ProbedListeners => ["identity", "catalog", "payments", "ordering", "gateway-admin"];

    [Theory]
    [MemberData(nameof(ProbedListeners))]
    public async Task Healthz_EveryModule_AnswersHealthy(string listener)
    {
        using var response = await atrium.Http.GetAsync(Url(listener, "/healthz"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"status":"Healthy"}""");
    }

    [Theory]
    [MemberData(nameof(ProbedListeners))]
    public async Task Readyz_EveryModule_AnswersReady(string listener)
    {
        using var response = await atrium.Http.GetAsync(Url(listener, "/readyz"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"status\":\"Healthy\"");
    }

    [Fact]
    public async Task Gateway_UnroutedPath_AnswersNotFoundProblem()
    {
        using var response = await atrium.Http.GetAsync(new Uri($"http://127.0.0.1:{atrium.Ports.Gateway}/no/such/route"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        response.Headers.GetValues("X-Error-Code").ShouldBe(["NOT_FOUND"]);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"NOT_FOUND\"");
    }

    [Fact]
    public async Task MeOverview_SignedInCustomer_ProfileAccountAndOrdersInOneAnswer()
    {
        var api = new CommerceApi(atrium.Http, atrium.Ports.Gateway);
        var email = $"overview-{Guid.NewGuid():N}@example.com";
        var token = await api.RegisterAsync(email);

        // Payments opens the account when it handles the registration's event, which may come after the sign-in.
        var overview = await Eventually.ValueAsync(async () =>
        {
            var (status, body) = await api.GetAsync("/api/me/overview", token);
            status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
            return body?["_partial"] is null ? body : null;
        }, "the overview has every part");

        overview["me"]!["email"]!.GetValue<string>().ShouldBe(email);
        overview["account"]!["balance"]!["amount"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        overview["orders"]!["items"]!.AsArray().ShouldBeEmpty();
        overview["orders"]!["pageSize"]!.GetValue<int>().ShouldBe(5);
        (await api.GetAsync("/api/me/overview", token: null)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Run_All_LogsEveryModuleListeningOnItsConfiguredPort()
    {
        var listening = atrium.Process.Logs.Where(l => l["category"] == "Atrium.Hosting").Select(l => l["message"]).ToList();

        foreach (var (module, port) in atrium.Ports.Services)
        {
            // The service's HTTP/1.1 listener, then its h2c listener for gRPC.
            listening.ShouldContain($"Module {module} listening on http://127.0.0.1:{port}, http://127.0.0.1:{atrium.Ports.RpcOf(module)}");
        }

        listening.ShouldContain($"Module gateway listening on http://127.0.0.1:{atrium.Ports.Gateway}");
        listening.ShouldContain($"Module gateway listening on http://127.0.0.1:{atrium.Ports.Admin}");
    }

    [Fact]
    public async Task AdminRoutes_TokenGeneratedAtFirstStart_OpensTheAdminApiOnly()
    {
        // The test config sets no token: the binary generated one into its data directory and logged where.
        var file = Path.Combine(atrium.Process.WorkingDirectory, "data", "gateway-admin.token");
        var token = (await File.ReadAllTextAsync(file)).Trim();
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, Url("gateway-admin", "/admin/routes"));
        using var authorized = new HttpRequestMessage(HttpMethod.Get, Url("gateway-admin", "/admin/routes"));
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var refused = await atrium.Http.SendAsync(anonymous);
        using var answered = await atrium.Http.SendAsync(authorized);

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.GetValues("X-Error-Code").ShouldBe(["AUTH_FAILED"]);
        answered.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answered.Content.ReadAsStringAsync()).ShouldContain("\"id\":\"orders\"");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        atrium.Process.Logs.ShouldContain(l => l.Text.Contains(file, StringComparison.Ordinal));
        atrium.Process.Stdout.ShouldNotContain(l => l.Contains(token, StringComparison.Ordinal));
    }

    private Uri Url(string listener, string path) =>
        new($"http://127.0.0.1:{(listener == "gateway-admin" ? atrium.Ports.Admin : atrium.Ports.Of(listener))}{path}");
}
