using Atrium.Chassis.Errors;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;

namespace Atrium.Gateway.Authorization;

/// <summary>
/// Decides whether a route's request may go on (after authentication, which supplies the identity, and the rate
/// limit, which shields the authorization service from floods): the first matching rule, else a cached decision of
/// the service, else a call to it, else (no service) 403 <c>FORBIDDEN</c>. An allow sets the service's allowed headers
/// on the request, so they go upstream; a denial answers the client with the service's status, headers and body; a
/// failed service lets the request through with <c>failOpen</c>, else answers <c>statusOnError</c>.
/// </summary>
internal sealed class ExtAuthzStage(PolicyMetrics metrics) : IProxyStage
{
    private const string Policy = "ext_authz";

    public string Name => "ext-authz";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var policy = context.Route!.Policies.Get<ExtAuthzPolicy>();
        return policy is null ? next(context) : AuthorizeAsync(context, policy, next);
    }

    private async ValueTask AuthorizeAsync(ProxyContext context, ExtAuthzPolicy policy, ProxyStageDelegate next)
    {
        var request = context.HttpContext.Request;
        foreach (var rule in policy.Rules)
        {
            if (rule.Matches(request, context.Identity))
            {
                if (rule.Effect == AuthzEffect.Allow)
                {
                    metrics.Decision(context.Route!.Id, Policy, "rule_allowed");
                    await next(context).ConfigureAwait(false);
                    return;
                }

                metrics.Decision(context.Route!.Id, Policy, "rule_denied");
                Refuse(context, ErrorCodes.Forbidden, "A rule of the route denies the request.");
                return;
            }
        }

        if (policy.Cluster is null)
        {
            metrics.Decision(context.Route!.Id, Policy, "rule_denied");
            Refuse(context, ErrorCodes.Forbidden, "No rule of the route allows the request.");
            return;
        }

        var key = policy.CacheKey?.For(request, context.Identity);
        if (key is null || !policy.Cache!.TryGet(key, out var decision))
        {
            (decision, var error) = await ExtAuthzCheck.RunAsync(context, policy).ConfigureAwait(false);
            if (decision is null)
            {
                await FailAsync(context, policy, error, next).ConfigureAwait(false);
                return;
            }

            if (key is not null)
            {
                policy.Cache!.Add(key, decision);
            }
        }
        else
        {
            metrics.Decision(context.Route!.Id, Policy, "cache_hit");
        }

        if (decision!.Allowed)
        {
            metrics.Decision(context.Route!.Id, Policy, "allowed");
            foreach (var (name, value) in decision.Headers)
            {
                request.Headers[name] = value;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        metrics.Decision(context.Route!.Id, Policy, "denied");
        await WriteDenialAsync(context, decision).ConfigureAwait(false);
    }

    private async ValueTask FailAsync(ProxyContext context, ExtAuthzPolicy policy, ForwarderError error, ProxyStageDelegate next)
    {
        if (error == ForwarderError.ClientDisconnected)
        {
            context.Error = error;
            return;
        }

        if (policy.Config.FailOpen)
        {
            metrics.Decision(context.Route!.Id, Policy, "failed_open");
            await next(context).ConfigureAwait(false);
            return;
        }

        metrics.Decision(context.Route!.Id, Policy, "failed_closed");
        Refuse(context, policy.Config.StatusOnError == 503 ? ErrorCodes.UpstreamUnavailable : ErrorCodes.Forbidden,
            "The authorization service did not decide.");
    }

    private static void Refuse(ProxyContext context, ErrorCode code, string detail)
    {
        context.Error = ForwarderError.Forbidden;
        context.ErrorCode = code;
        context.ErrorDetail = detail;
    }

    private static Task WriteDenialAsync(ProxyContext context, ExtAuthzDecision decision)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = decision.Status;
        foreach (var (name, value) in decision.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = decision.Body.Length;
        return decision.Body.Length == 0 ? Task.CompletedTask : response.Body.WriteAsync(decision.Body, context.HttpContext.RequestAborted).AsTask();
    }
}
