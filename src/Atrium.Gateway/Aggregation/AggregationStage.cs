using System.Text.Json;
using System.Text.Json.Nodes;
using Atrium.Chassis.Errors;
using Atrium.Gateway.Callouts;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Atrium.Gateway.Aggregation;

/// <summary>
/// Answers an aggregate route itself: every part is fetched at once (GET, the caller's forwarded headers and verified
/// identity) through its cluster, and the answer is one JSON object with a property per part. The route's
/// <c>timeout</c> bounds the whole composition: a part still running when it expires is cancelled and counts as timed
/// out, as it does past its own <c>timeout</c>. A part that failed is <c>null</c>, listed in <c>_partial</c> and given its code in <c>errors</c>; while one part
/// succeeded the answer is 200, else 504 <c>UPSTREAM_TIMEOUT</c> (all timed out) or 502 <c>AGGREGATE_FAILED</c>.
/// </summary>
internal sealed class AggregationStage(PolicyMetrics metrics) : IProxyStage
{
    private const string Policy = "aggregate";

    public string Name => "aggregation";

    public ValueTask InvokeAsync(ProxyContext context, ProxyStageDelegate next)
    {
        var policy = context.Route!.Policies.Get<AggregatePolicy>();
        return policy is null ? next(context) : new ValueTask(AggregateAsync(context, policy));
    }

    private async Task AggregateAsync(ProxyContext context, AggregatePolicy policy)
    {
        var requestPath = context.HttpContext.Request.Path.Value ?? "/";
        var paths = PartPaths(context.Route!, policy, requestPath);
        var fetches = new Task<PartOutcome>[policy.Parts.Count];
        for (var i = 0; i < fetches.Length; i++)
        {
            fetches[i] = FetchAsync(context, policy, policy.Parts[i], paths[i], context.Timeout);
        }

        var outcomes = await Task.WhenAll(fetches).ConfigureAwait(false);
        if (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.Error = ForwarderError.ClientDisconnected;
            return;
        }

        var failed = outcomes.Count(o => o.Error is not null);
        if (failed == outcomes.Length)
        {
            metrics.Decision(context.Route!.Id, Policy, "failed");
            context.Error = ForwarderError.UpstreamUnavailable;
            context.ErrorCode = outcomes.All(o => o.Error == ErrorCodes.UpstreamTimeout) ? ErrorCodes.UpstreamTimeout : ErrorCodes.AggregateFailed;
            context.ErrorDetail = "Every part failed: " + string.Join(", ", policy.Parts.Select((p, i) => $"{p.Name} {outcomes[i].Error!.Name}")) + ".";
            return;
        }

        metrics.Decision(context.Route!.Id, Policy, failed == 0 ? "complete" : "partial");
        await WriteAsync(context.HttpContext.Response, policy, outcomes, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static string[] PartPaths(CompiledRoute route, AggregatePolicy policy, string requestPath)
    {
        // The handler's captures were on its stack; matching again is cheaper than carrying them on every request.
        Span<Range> captures = stackalloc Range[PathPattern.MaxParameters];
        route.Path.IsMatch(requestPath, captures);
        var paths = new string[policy.Parts.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = policy.Parts[i].Path(requestPath, captures);
        }

        return paths;
    }

    private static async Task<PartOutcome> FetchAsync(ProxyContext context, AggregatePolicy policy, AggregatePart part, string path, TimeSpan routeTimeout)
    {
        // Every part starts now, in parallel, so the route's deadline is the same span for each of them.
        var timeout = part.Config.Timeout < routeTimeout ? part.Config.Timeout : routeTimeout;
        var answer = await ClusterCallout.SendAsync(
            context, part.Cluster, endpoint => CreateRequest(context, policy, part, endpoint, path), timeout, part.Config.MaxBodySize)
            .ConfigureAwait(false);
        if (answer.Error != ForwarderError.None)
        {
            return new PartOutcome(null, ForwarderErrorCodes.For(answer.Error));
        }

        if (answer.Status is < 200 or >= 300)
        {
            // An Atrium service names its own code; anything else is known by its status.
            return new PartOutcome(null, answer.Header(ProblemResponse.ErrorCodeHeader) is { } name && ErrorCodes.TryGet(name, out var code)
                ? code
                : ErrorCodes.ForHttpStatus(answer.Status));
        }

        if (answer.Body.Length == 0)
        {
            return new PartOutcome(null, null);
        }

        try
        {
            return new PartOutcome(JsonNode.Parse(answer.Body), null);
        }
        catch (JsonException)
        {
            return new PartOutcome(null, ErrorCodes.UpstreamProtocolError);
        }
    }

    private static HttpRequestMessage CreateRequest(ProxyContext context, AggregatePolicy policy, AggregatePart part, EndpointState endpoint, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, UpstreamAddress.Create(endpoint.Base, path, part.Query))
        {
            Version = part.Cluster.Version,
            VersionPolicy = part.Cluster.VersionPolicy,
        };
        var incoming = context.HttpContext.Request.Headers;
        foreach (var name in policy.Config.ForwardHeaders)
        {
            if (incoming.TryGetValue(name, out var values) && !IdentityHeaders.IsIdentityHeader(name))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (context.Identity is { } identity)
        {
            IdentityHeaders.Apply(identity, request);
        }

        return request;
    }

    private static async Task WriteAsync(HttpResponse response, AggregatePolicy policy, PartOutcome[] outcomes, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        for (var i = 0; i < outcomes.Length; i++)
        {
            writer.WritePropertyName(policy.Parts[i].Name);
            if (outcomes[i].Value is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        if (outcomes.Any(o => o.Error is not null))
        {
            writer.WriteStartArray("_partial");
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Error is not null)
                {
                    writer.WriteStringValue(policy.Parts[i].Name);
                }
            }

            writer.WriteEndArray();
            writer.WriteStartObject("errors");
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Error is { } error)
                {
                    writer.WriteString(policy.Parts[i].Name, error.Name);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
