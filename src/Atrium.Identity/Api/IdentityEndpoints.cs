using Atrium.Chassis.Errors;
using Atrium.Chassis.OpenApi;
using Atrium.Identity.Application;
using Atrium.Identity.Domain;
using Atrium.Identity.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Atrium.Identity.Api;

/// <summary>
/// The identity HTTP API, served under <c>/api/identity</c>, and the JWKS document. Bodies are read by the chassis's
/// strict <see cref="JsonBody"/> rule, as catalog's and ordering's are: a body the gateway's checks and this service
/// would read two ways (a member twice) is refused, not guessed at.
/// </summary>
internal static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/identity").WithTags("identity");
        api.MapPost("/users", RegisterAsync).WithJsonBody<CredentialsRequest>()
            .Documents<UserResponse>("register", StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        api.MapPost("/token", SignInAsync).WithJsonBody<CredentialsRequest>()
            .Documents<TokenResponse>("signIn").ProducesProblems(StatusCodes.Status401Unauthorized);
        api.MapPost("/token/refresh", RefreshAsync).WithJsonBody<RefreshRequest>()
            .Documents<TokenResponse>("refreshToken").ProducesProblems(StatusCodes.Status401Unauthorized);
        api.MapGet("/me", MeAsync).Documents<MeResponse>("me").RequiresBearer();
        endpoints.MapGet("/.well-known/jwks.json", static (SigningKeyStore keys) => Results.Json(
            new { keys = new[] { new { kty = keys.PublicJwk.Kty, crv = keys.PublicJwk.Crv, x = keys.PublicJwk.X, y = keys.PublicJwk.Y, kid = keys.PublicJwk.Kid, use = "sig", alg = keys.PublicJwk.Alg } } },
            contentType: "application/jwk-set+json"))
            .WithName("jwks").Produces(StatusCodes.Status200OK, contentType: "application/jwk-set+json");
        return endpoints;
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, IdentityService identity, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CredentialsRequest>(request, cancellationToken).ConfigureAwait(false);
        var (email, password) = Validate(body);
        try
        {
            var user = await identity.RegisterAsync(email, password, cancellationToken).ConfigureAwait(false);
            return Results.Created($"/api/identity/users/{user.Id}", new UserResponse(user.Id, user.Email));
        }
        catch (IdentityDomainException ex)
        {
            throw IdentityErrorMapping.ToAtrium(ex);
        }
    }

    private static async Task<IResult> SignInAsync(HttpRequest request, IdentityService identity, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CredentialsRequest>(request, cancellationToken).ConfigureAwait(false);
        var (email, password) = Validate(body, checkPolicy: false);
        try
        {
            return Token(await identity.SignInAsync(email, password, cancellationToken).ConfigureAwait(false));
        }
        catch (IdentityDomainException ex)
        {
            throw IdentityErrorMapping.ToAtrium(ex);
        }
    }

    private static async Task<IResult> RefreshAsync(HttpRequest request, IdentityService identity, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RefreshRequest>(request, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body?.RefreshToken))
        {
            throw ValidationFailedException.ForField("refresh_token", "is required");
        }

        try
        {
            return Token(await identity.RefreshAsync(body.RefreshToken, cancellationToken).ConfigureAwait(false));
        }
        catch (IdentityDomainException ex)
        {
            throw IdentityErrorMapping.ToAtrium(ex);
        }
    }

    private static async Task<IResult> MeAsync(HttpRequest request, TokenIssuer tokens, IdentityService identity, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || await tokens.ValidateAccessTokenAsync(authorization["Bearer ".Length..].Trim(), cancellationToken).ConfigureAwait(false) is not { } userId
            || await identity.FindAsync(userId, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            throw new AtriumException(ErrorCodes.AuthFailed, "A valid bearer access token is required.");
        }

        return Results.Ok(new MeResponse(user.Id, user.Email, user.Roles));
    }

    private static IResult Token(TokenPair pair) =>
        Results.Ok(new TokenResponse(pair.AccessToken, "Bearer", pair.ExpiresInSeconds, pair.RefreshToken));

    private static (EmailAddress Email, string Password) Validate(CredentialsRequest? body, bool checkPolicy = true)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!EmailAddress.TryParse(body?.Email, out var email))
        {
            errors["email"] = [string.IsNullOrWhiteSpace(body?.Email) ? "is required" : "is not an email address"];
        }

        var password = body?.Password ?? "";
        if (password.Length == 0)
        {
            errors["password"] = ["is required"];
        }
        else if (checkPolicy && PasswordPolicy.Check(password) is { } rule)
        {
            errors["password"] = [rule];
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : (email, password);
    }
}
