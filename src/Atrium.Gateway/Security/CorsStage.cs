using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atrium.Gateway.Security;

/// <summary>
/// CORS for routes with <c>cors</c>: answers preflights itself (204, before authentication, since browsers send
/// preflights without credentials) and adds <c>Access-Control-*</c> to responses for allowed origins, replacing any
/// the upstream sent. A disallowed origin gets a 204 preflight without CORS headers, which the browser refuses.
/// </summary>
internal sealed class CorsStage(PolicyMetrics metrics) : IProxyStage
{
    public string Name => "cors";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var policy = context.Route!.Policies.Cors as CorsPolicy;
        if (policy is null)
        {
            return next(context);
        }

        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return next(context);
        }

        var response = context.HttpContext.Response;
        var allowed = policy.IsOriginAllowed(origin);
        if (HttpMethods.IsOptions(request.Method) && request.Headers.TryGetValue(HeaderNames.AccessControlRequestMethod, out var method))
        {
            var requestedHeaders = request.Headers.AccessControlRequestHeaders.ToString();
            response.StatusCode = StatusCodes.Status204NoContent;
            response.Headers.Vary = HeaderNames.Origin;
            if (allowed && policy.IsMethodAllowed(method.ToString()) && policy.AreHeadersAllowed(requestedHeaders))
            {
                response.Headers.AccessControlAllowOrigin = policy.AllowOrigin(origin);
                response.Headers.AccessControlAllowMethods = method;
                if (requestedHeaders.Length > 0)
                {
                    response.Headers.AccessControlAllowHeaders = requestedHeaders;
                }

                if (policy.Config.AllowCredentials)
                {
                    response.Headers.AccessControlAllowCredentials = "true";
                }

                response.Headers.AccessControlMaxAge = policy.MaxAge;
                metrics.Decision(context.Route.Id, "cors", "preflight");
            }
            else
            {
                metrics.Decision(context.Route.Id, "cors", "preflight_refused");
            }

            return ValueTask.CompletedTask;
        }

        if (allowed)
        {
            ResponseHeadersOnStart.Set(response, policy.ResponseHeaders(origin));
        }

        return next(context);
    }
}
