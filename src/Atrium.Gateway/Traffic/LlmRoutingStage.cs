using System.Globalization;
using Atrium.Chassis.Errors;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// Routes of OpenAI-compatible APIs with <c>llm</c>: reads the JSON body (bounded) for its <c>model</c>, checks the
/// caller's token budget, sends the request to the model's cluster and, when that answers 429 or 5xx, cannot be
/// reached, or sends nothing within <c>firstTokenTimeout</c>, to the fallback cluster; the answer then streams through
/// <see cref="LlmResponseRelay"/>, whose <c>usage</c> is spent from the budget.
/// </summary>
internal sealed class LlmRoutingStage(TimeProvider time, LlmMetrics metrics) : IProxyStage
{
    public string Name => "llm-routing";

    /// <summary>Only POSTs carry a completion; the API's other calls (<c>GET /v1/models</c>) go to the route's cluster as they are.</summary>
    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next) =>
        context.Route!.Policies.Llm is LlmRoutingPolicy llm && HttpMethods.IsPost(context.HttpContext.Request.Method) ? RouteAsync(context, next, llm) : next(context);

    private static string SubjectOf(ProxyContext context) =>
        context.Identity?.Subject ?? "ip:" + context.ForwardedHeaders.ClientIp(context.HttpContext);

    private static bool Unanswered(ProxyContext context) => context.Error is ForwarderError.UpstreamUnavailable or ForwarderError.UpstreamTimeout
        or ForwarderError.UpstreamProtocol or ForwarderError.NoEndpoint or ForwarderError.CircuitOpen or ForwarderError.Overloaded;

    private async ValueTask RouteAsync(ProxyContext context, ProxyStageDelegate next, LlmRoutingPolicy llm)
    {
        var http = context.HttpContext;
        var body = await ReadBodyAsync(context, llm.Config.MaxRequestBodySize).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (!LlmJson.TryReadModel(body, out var model))
        {
            context.Error = ForwarderError.RequestBodyClient;
            context.ErrorCode = ErrorCodes.ValidationFailed;
            context.ErrorDetail = "The body must be a JSON object with a string 'model'.";
            return;
        }

        var subject = SubjectOf(context);
        if (llm.Budgets is { } budgets && !budgets.HasRemaining(subject, out var retryAfter))
        {
            context.Error = ForwarderError.RateLimited;
            context.ErrorCode = ErrorCodes.TokenBudgetExhausted;
            context.ErrorDetail = $"The token budget of {budgets.Budget} per {llm.Config.BudgetWindow} is spent.";
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            ResponseHeadersOnStart.Set(http.Response, [new(HeaderNames.RetryAfter, seconds)]);
            return;
        }

        context.RequestBody = body;
        var primary = llm.ClusterFor(model);
        var fallback = llm.Fallback is { } f && !ReferenceEquals(f, primary) ? f : null;
        var outcome = await AttemptAsync(context, next, primary, llm.Config.FirstTokenTimeout, canFallBack: fallback is not null).ConfigureAwait(false);
        if (fallback is not null && outcome.Reason is { } reason)
        {
            metrics.Fallback(context.Route!.Id, reason);
            http.Response.Clear();
            context.Error = ForwarderError.None;
            context.ErrorCode = null;
            context.Endpoint = null;
            context.UpstreamStatus = 0;
            context.ConnectFailed = false;
            outcome = await AttemptAsync(context, next, fallback, llm.Config.FirstTokenTimeout, canFallBack: false).ConfigureAwait(false);
        }

        if (outcome.Reason == FirstTokenTimeout && !http.Response.HasStarted)
        {
            context.Error = ForwarderError.UpstreamTimeout;
        }

        if (outcome.Usage is { } tokens)
        {
            llm.Budgets?.Spend(subject, tokens);
            metrics.Tokens(context.Route!.Id, model, context.Cluster!.Name, tokens);
        }
    }

    private const string FirstTokenTimeout = "first_token_timeout";

    /// <summary>One cluster's try; the reason to fall back when there is one, and the usage it reported.</summary>
    private async ValueTask<(string? Reason, long? Usage)> AttemptAsync(
        ProxyContext context, ProxyStageDelegate next, ClusterState cluster, TimeSpan firstTokenTimeout, bool canFallBack)
    {
        var http = context.HttpContext;
        context.Cluster = cluster;
        var client = http.Response.Body;
        var aborted = http.RequestAborted;
        using var firstToken = new CancellationTokenSource(firstTokenTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, firstToken.Token);
        var relay = new LlmResponseRelay(http.Response, client, firstToken, canFallBack);
        http.Response.Body = relay;
        // The forwarder stops the attempt when the request is aborted: so, too, when the first token is late.
        http.RequestAborted = linked.Token;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = client;
            http.RequestAborted = aborted;
        }

        relay.Complete();
        string? reason = null;
        if (!http.Response.HasStarted && !aborted.IsCancellationRequested)
        {
            reason = relay.TimedOut || (firstToken.IsCancellationRequested && !relay.Held) ? FirstTokenTimeout
                : relay.Held || (context.Error == ForwarderError.None && LlmResponseRelay.IsFallbackStatus(http.Response.StatusCode)) ? "status"
                : Unanswered(context) ? "unavailable"
                : null;
        }

        return (canFallBack || reason == FirstTokenTimeout ? reason : null, relay.Usage);
    }

    /// <summary>The whole body, or null with the error set (too large, or the client failed to send it).</summary>
    private static async ValueTask<byte[]?> ReadBodyAsync(ProxyContext context, int limit)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > limit)
        {
            context.Error = ForwarderError.RequestBodyTooLarge;
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > limit)
                {
                    context.Error = ForwarderError.RequestBodyTooLarge;
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (http.RequestAborted.IsCancellationRequested || ex is BadHttpRequestException or IOException)
        {
            context.Error = http.RequestAborted.IsCancellationRequested ? ForwarderError.ClientDisconnected : ForwarderError.RequestBodyClient;
            return null;
        }
    }
}
