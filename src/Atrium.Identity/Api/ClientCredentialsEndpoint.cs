using System.Net.Http.Headers;
using System.Text;
using Atrium.Identity.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Identity.Api;

/// <summary>
/// <c>POST /connect/token</c>: the OAuth 2.0 token endpoint for service tokens (client credentials only). The body is
/// <c>application/x-www-form-urlencoded</c> (<c>grant_type</c>, <c>audience</c>, optional <c>scope</c>), the client
/// authenticates by HTTP Basic or by <c>client_id</c> and <c>client_secret</c> in the body, never both; errors are RFC
/// 6749 §5.2 JSON. Not routed by the gateway: services call it on identity's own listener.
/// </summary>
internal static class ClientCredentialsEndpoint
{
    public const string Path = "/connect/token";

    /// <summary>The largest body read; a token request is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly string[] Parameters = ["grant_type", "client_id", "client_secret", "audience", "scope"];

    public static IEndpointRouteBuilder MapClientCredentialsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Not in the public API's OpenAPI document: the gateway does not route it.
        endpoints.MapPost(Path, TokenAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> TokenAsync(HttpContext http, ClientCredentialsGrant grant, CancellationToken cancellationToken)
    {
        // RFC 6749 §5.1: nothing on the way may keep a token answer, nor an error.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        var (request, unreadable) = await ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return Refused(http, unreadable);
        }

        var (token, refusal) = grant.Grant(request!);
        return token is not null
            ? Results.Json(new ServiceTokenResponse(token.AccessToken, "Bearer", token.ExpiresIn, token.Scope))
            : Refused(http, refusal!);
    }

    private static async Task<(ClientCredentialsRequest? Request, TokenRefusal? Refusal)> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media)
            || !string.Equals(media.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("The body must be application/x-www-form-urlencoded.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return Invalid($"The body is not a form of at most {MaxBodyBytes} bytes.");
        }

        // RFC 6749 §3.2: a parameter must not be sent twice; which one would count is anyone's guess.
        if (Parameters.FirstOrDefault(p => form[p].Count > 1) is { } repeated)
        {
            return Invalid($"{repeated} is sent more than once.");
        }

        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var (clientId, secret) = (Field("client_id"), Field("client_secret"));
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (clientId is not null || secret is not null)
            {
                return Invalid("Authenticate the client one way: HTTP Basic, or client_id and client_secret in the body.");
            }

            if (!TryReadBasic(authorization, out clientId, out secret))
            {
                return (null, new TokenRefusal(TokenErrors.InvalidClient, "The Authorization header is not HTTP Basic client credentials.", 401));
            }
        }

        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return (new ClientCredentialsRequest(Field("grant_type"), clientId, secret, Field("audience"), Field("scope"), address), null);
    }

    // RFC 6749 §2.3.1: the id and the secret are each form-encoded before they are joined and base64-encoded.
    private static bool TryReadBasic(string header, out string? clientId, out string? secret)
    {
        (clientId, secret) = (null, null);
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        clientId = FormDecode(decoded[..colon]);
        secret = FormDecode(decoded[(colon + 1)..]);
        return true;
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static (ClientCredentialsRequest?, TokenRefusal?) Invalid(string description) =>
        (null, new TokenRefusal(TokenErrors.InvalidRequest, description, 400));

    private static IResult Refused(HttpContext http, TokenRefusal refusal)
    {
        if (refusal.Status == 401)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"atrium\"";
        }

        if (refusal.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Json(new TokenErrorResponse(refusal.Error, refusal.Description), statusCode: refusal.Status);
    }
}
