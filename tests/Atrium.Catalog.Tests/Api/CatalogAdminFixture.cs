using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Atrium.Contracts.Catalog.V1;
using Atrium.Identity;
using Atrium.Rpc;
using Atrium.Rpc.Client;
using Atrium.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Atrium.Catalog.Tests.Api;

/// <summary>
/// A real identity module and a real catalog that verifies tokens against identity's JWKS; an administrator's and a
/// customer's access tokens, signed in over identity's HTTP API.
/// </summary>
public sealed class CatalogAdminFixture : IAsyncLifetime
{
    private ModuleTestHost _identity = null!;
    private ModuleTestHost _catalog = null!;
    private ServiceTokenSource _tokens = null!;
    private GrpcChannel _channel = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The fixture's one channel to the catalog's h2c listener, for methods no generated client has.</summary>
    public CallInvoker Invoker { get; private set; } = null!;

    /// <summary>The generated <c>atrium.catalog.v1.Reservations</c> client on the fixture's one channel to the catalog.</summary>
    public Reservations.ReservationsClient Reservations { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public string CustomerToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var adminEmail = $"admin-{Guid.NewGuid():N}@example.com";
        var adminPassword = "admin-" + Guid.NewGuid().ToString("N");
        _identity = await AdminPasswordVariable.WithAsync(
            adminPassword, () => ModuleTestHost.StartAsync<IdentityOptions>(IdentityOptions.Section, IdentityModule.Init, $"adminEmail: {adminEmail}"));

        _catalog = await ModuleTestHost.StartAsync<CatalogOptions>(
            CatalogOptions.Section,
            CatalogModule.Init,
            $"seedProducts: false\nauth:\n  jwksUrl: \"{_identity.Address}.well-known/jwks.json\"",
            rpc: true);
        Client = _catalog.Client();
        _tokens = TestServiceTokens.Source(_identity);
        _channel = TestServiceTokens.Channel(_catalog, _tokens, ServiceScopes.Catalog);
        Invoker = _channel.CreateInvoker();
        Reservations = new Reservations.ReservationsClient(Invoker);

        using var identity = _identity.Client();
        AdminToken = await SignInAsync(identity, adminEmail, adminPassword);
        var customerEmail = $"customer-{Guid.NewGuid():N}@example.com";
        using (var registered = await identity.PostAsJsonAsync("/api/identity/users", new { email = customerEmail, password = "correct horse battery" }))
        {
            registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        CustomerToken = await SignInAsync(identity, customerEmail, "correct horse battery");
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        _tokens.Dispose();
        Client.Dispose();
        await _catalog.DisposeAsync();
        await _identity.DisposeAsync();
    }

    /// <summary>Sends <paramref name="body"/> as JSON with <paramref name="token"/> as the bearer token (none for null).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? token)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="body"/> as it is, as <paramref name="contentType"/>, with <paramref name="token"/> as the bearer token.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body, string token, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }

    private static async Task<string> SignInAsync(HttpClient identity, string email, string password)
    {
        using var response = await identity.PostAsJsonAsync("/api/identity/token", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }
}
