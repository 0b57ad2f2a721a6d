using Atrium.Chassis.Configuration;
using Atrium.Rpc;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Application;

/// <summary>
/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for service tokens: the client authenticated, the audience
/// one of <see cref="ServiceScopes.Audiences"/>, the scopes the requested ones the client has at that audience (all it
/// has there when it asks for none). Refusals are values with their RFC 6749 §5.2 code; failed authentications count
/// against the caller's address (<see cref="ClientAuthFailures"/>).
/// </summary>
internal sealed partial class ClientCredentialsGrant(
    ServiceClients clients, ClientAuthFailures failures, TokenIssuer tokens, LiveOptions<IdentityOptions> live, ILogger<ClientCredentialsGrant> logger)
{
    public const string GrantType = "client_credentials";

    public (ServiceTokenGrant? Grant, TokenRefusal? Refusal) Grant(ClientCredentialsRequest request)
    {
        if (string.IsNullOrEmpty(request.GrantType))
        {
            return Refuse(TokenErrors.InvalidRequest, "grant_type is required.");
        }

        if (request.GrantType != GrantType)
        {
            return Refuse(TokenErrors.UnsupportedGrantType, $"Only the {GrantType} grant is supported here.");
        }

        if (failures.RetryAfter(request.Address) is { } wait)
        {
            return (null, new TokenRefusal(
                TokenErrors.TemporarilyUnavailable,
                $"Too many failed client authentications from this address; try again in {Math.Ceiling(wait.TotalSeconds)} s.",
                429,
                wait));
        }

        if (string.IsNullOrEmpty(request.ClientId) || string.IsNullOrEmpty(request.ClientSecret))
        {
            return Refuse(TokenErrors.InvalidClient, "Client authentication is required: HTTP Basic, or client_id and client_secret.", 401);
        }

        if (clients.Authenticate(request.ClientId, request.ClientSecret) is not { } client)
        {
            failures.Record(request.Address);
            LogClientRefused(logger, request.ClientId, request.Address);
            // One answer for an unknown client and a wrong secret.
            return Refuse(TokenErrors.InvalidClient, "Unknown client or wrong secret.", 401);
        }

        if (string.IsNullOrEmpty(request.Audience) || !ServiceScopes.Audiences.Contains(request.Audience, StringComparer.Ordinal))
        {
            return Refuse(TokenErrors.InvalidTarget, $"audience must be one of {string.Join(", ", ServiceScopes.Audiences)}.");
        }

        var allowed = client.Scopes.Where(s => ServiceScopes.AudienceOf(s) == request.Audience).ToList();
        var requested = request.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var granted = requested.Length == 0 ? allowed : requested.Where(allowed.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (granted.Count == 0)
        {
            return Refuse(
                TokenErrors.InvalidScope,
                allowed.Count == 0
                    ? $"Client '{client.Id}' has no scope at '{request.Audience}'."
                    : $"None of the requested scopes is the client's at '{request.Audience}'; it has: {string.Join(' ', allowed)}.");
        }

        var token = tokens.CreateServiceToken(client.Id, request.Audience, granted);
        var scope = string.Join(' ', granted);
        LogIssued(logger, client.Id, request.Audience, scope);
        return (new ServiceTokenGrant(token, (int)live.Current.ServiceTokenLifetime.TotalSeconds, scope), null);
    }

    private static (ServiceTokenGrant?, TokenRefusal?) Refuse(string error, string description, int status = 400) =>
        (null, new TokenRefusal(error, description, status));

    [LoggerMessage(EventId = IdentityEventIds.ServiceTokenIssued, Level = LogLevel.Information, Message = "Issued a service token to client {ClientId} for {Audience}: {Scope}")]
    private static partial void LogIssued(ILogger logger, string clientId, string audience, string scope);

    [LoggerMessage(EventId = IdentityEventIds.ClientRefused, Level = LogLevel.Warning, Message = "Client authentication failed for client id {ClientId} from {Address}")]
    private static partial void LogClientRefused(ILogger logger, string clientId, string address);
}
