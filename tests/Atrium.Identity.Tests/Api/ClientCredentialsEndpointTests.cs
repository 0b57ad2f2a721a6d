using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Atrium.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Identity.Tests.Api;

/// <summary>
/// <c>POST /connect/token</c> on a real identity module: the client-credentials grant for service tokens and its RFC
/// 6749 errors. Besides the default <c>ordering</c> client, a <c>reports</c> client with an inline secret (with a
/// <c>:</c> and a <c>+</c>, which HTTP Basic form-encodes) and only <c>catalog.products.read</c>.
/// </summary>
public sealed class ClientCredentialsEndpointTests : IAsyncLifetime
{
    private const string ReportsSecret = "reports:secret+0123456789";

    private readonly SkippableClock _clock = new();
    private ModuleTestHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ModuleTestHost.StartAsync<IdentityOptions>(
            IdentityOptions.Section,
            IdentityModule.Init,
            $"""
            clients:
              - id: ordering
                secretFile: service-secrets/ordering
                scopes: [identity.users.read, catalog.products.read, catalog.reserve, payments.charge, payments.refund]
              - id: reports
                secret: "{ReportsSecret}"
                scopes: [catalog.products.read]
            clientAuthMaxFailures: 3
            clientAuthFailureWindow: 1m
            """,
            time: _clock);
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private string OrderingSecret => TestServiceTokens.Secret(_host);

    private static string Basic(string id, string secret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal)}"));

    private async Task<HttpResponseMessage> PostAsync(string? basic, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return await _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> AsOrderingAsync(params (string Name, string Value)[] form) =>
        PostAsync(Basic("ordering", OrderingSecret), [("grant_type", "client_credentials"), .. form]);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("error").GetString().ShouldBe(error);
        json.GetProperty("error_description").GetString().ShouldNotBeNullOrEmpty();
        return body;
    }

    [Fact]
    public async Task Token_BasicCredentials_FiveMinuteServiceTokenForTheAudienceWithEveryScopeTheClientHasThere()
    {
        var body = await OkAsync(await AsOrderingAsync(("audience", "catalog")));

        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBe(300);
        body.GetProperty("scope").GetString().ShouldBe("catalog.products.read catalog.reserve");
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        token.Typ.ShouldBe("service+jwt");
        token.Alg.ShouldBe("ES256");
        token.Issuer.ShouldBe("atrium");
        token.Audiences.ShouldBe(["catalog"]);
        token.Subject.ShouldBe("ordering");
        token.GetPayloadValue<string>("client_id").ShouldBe("ordering");
        token.GetPayloadValue<string>("scope").ShouldBe("catalog.products.read catalog.reserve");
        (token.ValidTo - token.IssuedAt).ShouldBe(TimeSpan.FromMinutes(5));
        token.TryGetPayloadValue<object>("roles", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Token_CredentialsInTheBody_ServiceToken()
    {
        var body = await OkAsync(await PostAsync(
            basic: null, ("grant_type", "client_credentials"), ("client_id", "reports"), ("client_secret", ReportsSecret), ("audience", "catalog")));

        body.GetProperty("scope").GetString().ShouldBe("catalog.products.read");
        new JsonWebToken(body.GetProperty("access_token").GetString()).Subject.ShouldBe("reports");
    }

    [Fact]
    public async Task Token_BasicCredentialsWithFormEncodedSecret_ServiceToken()
    {
        var body = await OkAsync(await PostAsync(Basic("reports", ReportsSecret), ("grant_type", "client_credentials"), ("audience", "catalog")));

        body.GetProperty("scope").GetString().ShouldBe("catalog.products.read");
    }

    [Fact]
    public async Task Token_ScopesRequested_GrantsThoseTheClientHasAtTheAudience()
    {
        var body = await OkAsync(await AsOrderingAsync(("audience", "catalog"), ("scope", "catalog.reserve payments.charge nonsense catalog.reserve")));

        body.GetProperty("scope").GetString().ShouldBe("catalog.reserve");
        new JsonWebToken(body.GetProperty("access_token").GetString()).GetPayloadValue<string>("scope").ShouldBe("catalog.reserve");
    }

    [Fact]
    public async Task Token_WrongSecret_InvalidClient401()
    {
        using var response = await PostAsync(Basic("ordering", OrderingSecret + "x"), ("grant_type", "client_credentials"), ("audience", "payments"));

        await ErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic");
    }

    [Fact]
    public async Task Token_UnknownClient_TheSameAnswerAsAWrongSecret()
    {
        using var wrongSecret = await PostAsync(Basic("ordering", "not-the-secret-at-all"), ("grant_type", "client_credentials"), ("audience", "payments"));
        using var unknown = await PostAsync(Basic("nobody", "not-the-secret-at-all"), ("grant_type", "client_credentials"), ("audience", "payments"));

        (await ErrorAsync(unknown, HttpStatusCode.Unauthorized, "invalid_client")).ShouldBe(await ErrorAsync(wrongSecret, HttpStatusCode.Unauthorized, "invalid_client"));
    }

    [Fact]
    public async Task Token_NoClientAuthentication_InvalidClient401()
    {
        using var response = await PostAsync(basic: null, ("grant_type", "client_credentials"), ("audience", "payments"));

        await ErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("gateway")]
    [InlineData("")]
    public async Task Token_AudienceWithoutInternalMethods_InvalidTarget(string audience)
    {
        using var response = await AsOrderingAsync(("audience", audience));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task Token_NoAudience_InvalidTarget()
    {
        using var response = await AsOrderingAsync();

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task Token_ScopeOfAnotherAudience_InvalidScope()
    {
        using var response = await AsOrderingAsync(("audience", "catalog"), ("scope", "payments.charge"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Token_ClientWithNoScopeAtTheAudience_InvalidScope()
    {
        using var response = await PostAsync(Basic("reports", ReportsSecret), ("grant_type", "client_credentials"), ("audience", "payments"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Theory]
    [InlineData("password", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    [InlineData("authorization_code", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    [InlineData("", HttpStatusCode.BadRequest, "invalid_request")]
    public async Task Token_GrantTypeNotClientCredentials_Refused(string grantType, HttpStatusCode status, string error)
    {
        using var response = await PostAsync(Basic("ordering", OrderingSecret), ("grant_type", grantType), ("audience", "payments"));

        await ErrorAsync(response, status, error);
    }

    [Fact]
    public async Task Token_CredentialsBothWays_InvalidRequest()
    {
        using var response = await PostAsync(
            Basic("ordering", OrderingSecret), ("grant_type", "client_credentials"), ("client_id", "ordering"), ("client_secret", OrderingSecret), ("audience", "payments"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_ParameterSentTwice_InvalidRequest()
    {
        using var response = await AsOrderingAsync(("audience", "payments"), ("audience", "catalog"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_JsonBody_InvalidRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = JsonContent.Create(new { grant_type = "client_credentials", client_id = "ordering", client_secret = OrderingSecret, audience = "payments" }),
        };

        using var response = await _client.SendAsync(request);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_FailuresPastTheLimit_AddressRefusedEvenWithTheRightSecretUntilTheWindowEnds()
    {
        for (var i = 0; i < 3; i++)
        {
            using var failed = await PostAsync(Basic("ordering", "guess-" + i), ("grant_type", "client_credentials"), ("audience", "payments"));
            await ErrorAsync(failed, HttpStatusCode.Unauthorized, "invalid_client");
        }

        using (var refused = await AsOrderingAsync(("audience", "payments")))
        {
            await ErrorAsync(refused, (HttpStatusCode)429, "temporarily_unavailable");
            refused.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        }

        _clock.Skip(TimeSpan.FromMinutes(1));

        await OkAsync(await AsOrderingAsync(("audience", "payments")));
    }

    [Fact]
    public async Task OpenApi_PublicDocument_LeavesTheInternalTokenEndpointOut()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/api/identity/openapi.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/identity/token");
        paths.ShouldNotContain("/connect/token");
    }

    [Fact]
    public async Task Me_ServiceToken_Unauthorized()
    {
        var token = (await OkAsync(await AsOrderingAsync(("audience", "identity")))).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
