using Atrium.Rpc.Client;
using Grpc.Net.Client;

namespace Atrium.Testing;

/// <summary>
/// Service tokens from a real identity module under test, got as ordering gets them: the embedded default client
/// <c>ordering</c>, whose secret identity created in its data directory at start.
/// </summary>
public static class TestServiceTokens
{
    /// <summary>The client id of identity's default client.</summary>
    public const string ClientId = "ordering";

    /// <summary>The secret file of the default client under <paramref name="identity"/>'s data directory.</summary>
    public static string SecretFile(ModuleTestHost identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return Path.Combine(identity.DataDirectory, "service-secrets", "ordering");
    }

    /// <summary>The default client's secret, as identity created it.</summary>
    public static string Secret(ModuleTestHost identity) => File.ReadAllText(SecretFile(identity)).Trim();

    /// <summary>The token endpoint of <paramref name="identity"/>.</summary>
    public static Uri TokenUrl(ModuleTestHost identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new Uri(identity.Address, "/connect/token");
    }

    /// <summary>A token source for the default client; the caller disposes it.</summary>
    public static ServiceTokenSource Source(ModuleTestHost identity, TimeProvider? time = null) =>
        new(TokenUrl(identity), ClientId, Secret(identity), time);

    /// <summary>
    /// A channel to <paramref name="callee"/>'s h2c listener whose calls carry tokens from <paramref name="tokens"/> for
    /// <paramref name="audience"/>, as ordering's do; the caller disposes it.
    /// </summary>
    public static GrpcChannel Channel(ModuleTestHost callee, ServiceTokenSource tokens, string audience)
    {
        ArgumentNullException.ThrowIfNull(callee);
        ArgumentNullException.ThrowIfNull(tokens);
        return GrpcChannels.Create(callee.RpcAddress, tokens.CredentialsFor(audience));
    }

    /// <summary>
    /// A service token for <paramref name="audience"/> straight from <paramref name="identity"/>'s token endpoint, as the
    /// default client, with <paramref name="scope"/> when given (else every scope it has there).
    /// </summary>
    public static async Task<string> RequestAsync(ModuleTestHost identity, string audience, string? scope = null)
    {
        using var http = new HttpClient();
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials"), new("audience", audience) };
        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl(identity)) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ClientId}:{Secret(identity)}")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}");
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The <c>authorization</c> metadata of a gRPC call made with <paramref name="token"/>.</summary>
    public static Grpc.Core.Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>The <c>auth</c> key of a service section that verifies tokens against <paramref name="identity"/>'s JWKS.</summary>
    public static string AuthYaml(ModuleTestHost identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return $"auth:\n  jwksUrl: \"{identity.Address}.well-known/jwks.json\"";
    }
}
