using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Atrium.Ordering.Tests.Application;
using Atrium.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Atrium.Ordering.Tests.Api;

/// <summary>
/// The real ordering module on loopback behind its real neighbours: identity (tokens, <c>GetUser</c>), catalog and
/// payments (<see cref="SagaHostsFixture"/>). Every log entry of the ordering module is kept in <see cref="Logs"/>.
/// Ordering is on its SQLite files unless a subclass gives it a PostgreSQL database.
/// </summary>
public class OrderingApiFixture : IAsyncLifetime
{
    private ModuleTestHost _ordering = null!;

    public SagaHostsFixture Branches { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The identity module of <see cref="Branches"/>: users, tokens, the service tokens ordering uses.</summary>
    public ModuleTestHost Identity => Branches.Identity;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Ordering's PostgreSQL database when the fixture runs it there; null on its SQLite files.</summary>
    protected string? PostgresConnectionString { get; set; }

    /// <summary>Runs before the modules start (to make a database for ordering, say).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        await Branches.InitializeAsync();
        var client = Branches.Client();
        _ordering = await ModuleTestHost.StartAsync<OrderingOptions>(
            OrderingOptions.Section,
            OrderingModule.Init,
            $"""
            identityAddress: "{Identity.RpcAddress}"
            catalogAddress: "{Branches.Catalog.RpcAddress}"
            paymentsAddress: "{Branches.Payments.RpcAddress}"
            callTimeout: 30s
            client:
              secretFile: "{client.SecretFile}"
              tokenUrl: "{client.TokenUrl}"
            auth:
              jwksUrl: "{Identity.Address}.well-known/jwks.json"
            """ + (PostgresConnectionString is null ? "" : $"\nprovider: postgresql\nconnectionString: \"{PostgresConnectionString}\""),
            logs: Logs);
        Client = _ordering.Client();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _ordering.DisposeAsync();
        await Branches.DisposeAsync();
    }

    /// <summary>A customer registered with identity, with a funded payments account; its access token and id.</summary>
    public async Task<(string Token, Guid Id)> NewCustomerAsync()
    {
        var email = $"c-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery";
        using var identity = Identity.Client();
        using var registered = await identity.PostAsJsonAsync("/api/identity/users", new { email, password });
        registered.EnsureSuccessStatusCode();
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Branches.NewUserAsync(id);
        using var signedIn = await identity.PostAsJsonAsync("/api/identity/token", new { email, password });
        signedIn.EnsureSuccessStatusCode();
        return ((await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!, id);
    }

    /// <summary><c>POST /api/orders</c> with <paramref name="body"/> as it is, sent as <paramref name="contentType"/>.</summary>
    public Task<HttpResponseMessage> PlaceAsync(string token, string key, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }

    /// <summary>How many orders the user has, counted in ordering's own database (the read model may lag).</summary>
    public async Task<long> OrderCountAsync(Guid userId)
    {
        if (PostgresConnectionString is not null)
        {
            await using var postgres = new NpgsqlConnection(PostgresConnectionString);
            await postgres.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM orders WHERE \"UserId\" = $1", postgres) { Parameters = { new() { Value = userId } } };
            return (long)(await count.ExecuteScalarAsync())!;
        }

        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(_ordering.DataDirectory, OrderingModule.DatabaseFile)};Default Timeout=30");
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM orders WHERE UserId = $u";
        // EF Core keeps Guids as upper-case text on SQLite.
        command.Parameters.AddWithValue("$u", userId.ToString().ToUpperInvariant());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
