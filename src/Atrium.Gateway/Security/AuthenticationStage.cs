using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atrium.Gateway.Security;

/// <summary>
/// Authenticates and authorizes callers of routes with <c>auth</c>: a bearer JWT or an API key, whichever the request
/// presents (a presented but invalid credential fails; there is no fallback to another). 401 <c>AUTH_FAILED</c>
/// with <c>WWW-Authenticate</c>, or 403 <c>FORBIDDEN</c>; on success the identity goes upstream in headers.
/// </summary>
internal sealed class AuthenticationStage(PolicyMetrics metrics) : IProxyStage
{
    public string Name => "authentication";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var policy = context.Route!.Policies.Auth as RouteAuthPolicy;
        return policy is null ? next(context) : AuthenticateAsync(context, policy, next);
    }

    private async ValueTask AuthenticateAsync(ProxyContext context, RouteAuthPolicy policy, ProxyStageDelegate next)
    {
        var request = context.HttpContext.Request;
        AuthResult result;
        if (policy.Jwt is not null && TryGetBearer(request, out var token))
        {
            result = await policy.Jwt.AuthenticateAsync(token, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        else if (policy.ApiKeys is not null && request.Headers.TryGetValue(policy.ApiKeys.Header, out var key))
        {
            result = policy.ApiKeys.Authenticate(key.ToString());
        }
        else
        {
            Reject(context, policy.Challenge, "missing");
            return;
        }

        if (result.Identity is not { } identity)
        {
            var challenge = policy.Jwt is not null
                ? $"Bearer realm=\"atrium\", error=\"invalid_token\", error_description=\"{result.Error}\""
                : policy.Challenge;
            context.ErrorDetail = result.Error;
            Reject(context, challenge, "invalid");
            return;
        }

        if (policy.Authorize(identity) is { } denied)
        {
            context.Error = ForwarderError.Forbidden;
            context.ErrorDetail = denied;
            if (denied == "missing scope" && identity.Scheme == Configuration.AuthScheme.Jwt)
            {
                ResponseHeadersOnStart.Set(context.HttpContext.Response, HeaderNames.WWWAuthenticate,
                    $"Bearer realm=\"atrium\", error=\"insufficient_scope\", scope=\"{string.Join(' ', policy.Config.Scopes)}\"");
            }

            metrics.Decision(context.Route!.Id, "auth", "forbidden");
            return;
        }

        context.Identity = identity;
        await next(context).ConfigureAwait(false);
    }

    private void Reject(ProxyContext context, string challenge, string outcome)
    {
        context.Error = ForwarderError.AuthFailed;
        ResponseHeadersOnStart.Set(context.HttpContext.Response, HeaderNames.WWWAuthenticate, challenge);
        metrics.Decision(context.Route!.Id, "auth", outcome);
    }

    private static bool TryGetBearer(HttpRequest request, out string token)
    {
        var value = request.Headers.Authorization.ToString();
        if (value.Length > 7 && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = value[7..].Trim();
            return token.Length > 0;
        }

        token = "";
        return false;
    }
}
