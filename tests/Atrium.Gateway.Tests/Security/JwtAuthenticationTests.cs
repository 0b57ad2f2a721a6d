using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Atrium.Gateway.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.Gateway.Tests.Security;

public sealed class JwtAuthenticationTests : IAsyncLifetime
{
    /// <summary>
    /// Far longer than a slow machine takes for a test's requests, so no refresh falls due unasked; tests that need
    /// one skip the gateway's clock past it.
    /// </summary>
    private static readonly TimeSpan RefreshMinInterval = TimeSpan.FromMinutes(1);

    private readonly SkippableClock _clock = new();
    private readonly TestKeys _es = TestKeys.Es256("es-1");
    private readonly TestKeys _rs = TestKeys.Rs256("rs-1");
    private AuthFixture? _fixture;

    private AuthFixture Fixture => _fixture!;

    public async Task InitializeAsync() => _fixture = await AuthFixture.StartAsync(TestKeys.Jwks(_es, _rs), minInterval: "1m", _clock);

    public async Task DisposeAsync()
    {
        await _fixture!.DisposeAsync();
        _es.Dispose();
        _rs.Dispose();
    }

    [Theory]
    [InlineData("es")]
    [InlineData("rs")]
    public async Task ValidToken_Forwarded_WithVerifiedIdentityHeaders(string key)
    {
        var token = (key == "es" ? _es : _rs).Sign(subject: "alice", roles: ["admin", "ops"]);

        using var response = await Fixture.GetAsync("/jwt", token);

        var echo = await EchoResponse.ReadAsync(response);
        echo.Header("X-Atrium-Subject").ShouldBe(["alice"]);
        echo.Header("X-Atrium-Roles").ShouldBe(["admin,ops"]);
        echo.Header("X-Atrium-Auth-Scheme").ShouldBe(["jwt"]);
    }

    public static TheoryData<string, string> Negatives => new()
    {
        { "expired", "token expired" },
        { "notYetValid", "token not yet valid" },
        { "wrongIssuer", "wrong issuer" },
        { "wrongAudience", "wrong audience" },
        { "tampered", "invalid signature" },
        { "algNone", "signing algorithm not allowed" },
        { "hs256WithPublicKey", "signing algorithm not allowed" },
        { "garbage", "malformed token" },
        { "serviceToken", "a service token is not accepted at the edge" },
    };

    [Theory]
    [MemberData(nameof(Negatives))]
    public async Task InvalidToken_Answers401_WithInvalidTokenChallenge(string kind, string reason)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var token = kind switch
        {
            "expired" => _es.Sign(notBefore: now.AddHours(-2), expires: now.AddMinutes(-5)),
            "notYetValid" => _es.Sign(notBefore: now.AddMinutes(5), expires: now.AddHours(1)),
            "wrongIssuer" => _es.Sign(issuer: "https://evil.test"),
            "wrongAudience" => _es.Sign(audience: "someone-else"),
            // Signed by the same identity, for the right audience even: only its type says it is for internal calls.
            "serviceToken" => _es.Sign(type: "service+jwt"),
            "tampered" => Tamper(_es.Sign(subject: "alice")),
            "algNone" => TestKeys.Raw(new { alg = "none", typ = "JWT" }, TestKeys.Payload()),
            // The classic confusion: the RSA public key used as an HMAC secret.
            "hs256WithPublicKey" => TestKeys.Raw(new { alg = "HS256", typ = "JWT", kid = _rs.Kid }, TestKeys.Payload(),
                data => HMACSHA256.HashData(System.Text.Encoding.ASCII.GetBytes(_rs.PublicPem), data)),
            _ => "not-a-jwt",
        };

        using var response = await Fixture.GetAsync("/jwt", token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.GetValues("X-Error-Code").ShouldBe(["AUTH_FAILED"]);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldContain("error=\"invalid_token\"");
        challenge.ShouldContain(reason);
    }

    [Fact]
    public async Task MissingCredentials_Answers401_WithBearerChallenge()
    {
        using var response = await Fixture.GetAsync("/jwt");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer realm=\"atrium\"");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().ShouldBe("AUTH_FAILED");
    }

    [Fact]
    public async Task UnknownKid_RefreshesJwksOnce_ThenRejects()
    {
        (await Fixture.GetAsync("/jwt", _es.Sign())).StatusCode.ShouldBe(HttpStatusCode.OK);
        Fixture.JwksFetches.ShouldBe(1);
        _clock.Skip(RefreshMinInterval);
        using var stranger = TestKeys.Es256("stranger");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Fixture.GetAsync("/jwt", stranger.Sign(subject: $"s{i}"))));
        var again = await Fixture.GetAsync("/jwt", stranger.Sign(subject: "later"));

        responses.Append(again).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized);
        again.Headers.WwwAuthenticate.ToString().ShouldContain("unknown signing key");
        Fixture.JwksFetches.ShouldBe(2);
    }

    [Fact]
    public async Task KeyRotation_NewKidPickedUp_RemovedKeyStopsWorking()
    {
        (await Fixture.GetAsync("/jwt", _es.Sign())).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var next = TestKeys.Es256("es-2");
        Fixture.SetJwks(TestKeys.Jwks(next));
        _clock.Skip(RefreshMinInterval);

        (await Fixture.GetAsync("/jwt", next.Sign())).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A token of the retired key (not seen before, so not in the validated-token cache) is refused.
        (await Fixture.GetAsync("/jwt", _es.Sign(subject: "bob"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Fixture.JwksFetches.ShouldBe(2);
    }

    [Fact]
    public async Task ApiKey_ValidAccepted_InvalidRefused_OnApiKeyRoute()
    {
        using var ok = await Fixture.GetAsync("/key", headers: [("X-Api-Key", AuthFixture.ApiKey)]);
        using var bad = await Fixture.GetAsync("/key", headers: [("X-Api-Key", AuthFixture.ApiKey + "x")]);
        using var jwtOnKeyRoute = await Fixture.GetAsync("/key", _es.Sign());

        var echo = await EchoResponse.ReadAsync(ok);
        echo.Header("X-Atrium-Subject").ShouldBe(["ci-bot"]);
        echo.Header("X-Atrium-Roles").ShouldBe(["deployer"]);
        echo.Header("X-Atrium-Auth-Scheme").ShouldBe(["apiKey"]);
        bad.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        jwtOnKeyRoute.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EitherScheme_AcceptedOnRouteWithBoth()
    {
        (await Fixture.GetAsync("/any", _rs.Sign())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Fixture.GetAsync("/any", headers: [("X-Api-Key", AuthFixture.ApiKey)])).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Fixture.GetAsync("/any")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Roles_AnyOfRequired_OtherwiseForbidden()
    {
        (await Fixture.GetAsync("/admin-only", _es.Sign(roles: ["root"]))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var denied = await Fixture.GetAsync("/admin-only", _es.Sign(roles: ["viewer"]));
        using var keyDenied = await Fixture.GetAsync("/admin-only", headers: [("X-Api-Key", AuthFixture.ApiKey)]);

        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        denied.Headers.GetValues("X-Error-Code").ShouldBe(["FORBIDDEN"]);
        keyDenied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Scopes_AllRequired_OtherwiseForbiddenWithInsufficientScope()
    {
        (await Fixture.GetAsync("/scoped", _es.Sign(scope: "orders.write orders.read profile"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var denied = await Fixture.GetAsync("/scoped", _es.Sign(scope: "orders.read"));

        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        denied.Headers.WwwAuthenticate.ToString().ShouldContain("error=\"insufficient_scope\"");
    }

    [Fact]
    public async Task ForgedIdentityHeaders_RemovedOnAnonymousRoute_ReplacedOnAuthenticatedRoute()
    {
        (string, string)[] forged = [("X-Atrium-Subject", "root"), ("X-Atrium-Roles", "admin"), ("x-atrium-auth-scheme", "jwt")];

        var open = await EchoResponse.ReadAsync(await Fixture.GetAsync("/open", headers: forged));
        var authed = await EchoResponse.ReadAsync(await Fixture.GetAsync("/jwt", _es.Sign(subject: "alice"), forged));

        open.Header("X-Atrium-Subject").ShouldBeEmpty();
        open.Header("X-Atrium-Roles").ShouldBeEmpty();
        open.Header("X-Atrium-Auth-Scheme").ShouldBeEmpty();
        authed.Header("X-Atrium-Subject").ShouldBe(["alice"]);
        authed.Header("X-Atrium-Roles").ShouldBeEmpty();
        authed.Header("X-Atrium-Auth-Scheme").ShouldBe(["jwt"]);
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1])).RootElement;
        var changed = payload.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone());
        changed["sub"] = "root";
        return parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(JsonSerializer.Serialize(changed)) + "." + parts[2];
    }
}
