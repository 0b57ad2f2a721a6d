using System.Net.Http.Headers;
using Atrium.Gateway.Callouts;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;

namespace Atrium.Gateway.Authorization;

/// <summary>
/// One call to the authorization service, as Envoy's ext_authz HTTP service makes it: the client's method and path
/// (after <c>pathPrefix</c>) and query, no body, <c>Authorization</c> and the allowed request headers, and the verified
/// identity in the <c>X-Atrium-*</c> headers. The answer becomes a decision, or null when the service failed.
/// </summary>
internal static class ExtAuthzCheck
{
    public static async Task<(ExtAuthzDecision? Decision, ForwarderError Error)> RunAsync(ProxyContext context, ExtAuthzPolicy policy)
    {
        var config = policy.Config;
        var answer = await ClusterCallout.SendAsync(
            context, policy.Cluster!, endpoint => CreateRequest(context, policy, endpoint), config.Timeout, config.MaxResponseBodySize).ConfigureAwait(false);
        if (answer.Error != ForwarderError.None)
        {
            return (null, answer.Error);
        }

        if (answer.Status >= 500)
        {
            return (null, ForwarderError.UpstreamUnavailable);
        }

        var allowed = answer.Status is >= 200 and < 300;
        var headers = new List<(string, string)>();
        var bytes = 0;
        if (!allowed && answer.ContentHeaders?.ContentType is { } contentType && answer.Body.Length > 0)
        {
            headers.Add(("Content-Type", contentType.ToString()));
        }

        foreach (var (name, values) in answer.Headers.Concat(answer.ContentHeaders ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            if (!(allowed ? policy.UpstreamHeaders : policy.ClientHeaders).Contains(name))
            {
                continue;
            }

            var value = string.Join(", ", values);
            bytes += name.Length + value.Length;
            if (bytes > config.MaxResponseHeaderBytes)
            {
                // More than an upstream or a client should be handed: the service is broken or hostile.
                return (null, ForwarderError.UpstreamProtocol);
            }

            headers.Add((name, value));
        }

        return (allowed ? ExtAuthzDecision.Allow([.. headers]) : ExtAuthzDecision.Deny(answer.Status, [.. headers], answer.Body), ForwarderError.None);
    }

    private static HttpRequestMessage CreateRequest(ProxyContext context, ExtAuthzPolicy policy, EndpointState endpoint)
    {
        var incoming = context.HttpContext.Request;
        var cluster = policy.Cluster!;
        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method),
            UpstreamAddress.Create(endpoint.Base, policy.Config.PathPrefix + (incoming.Path.Value ?? "/"), incoming.QueryString.Value))
        {
            Version = cluster.Version,
            VersionPolicy = cluster.VersionPolicy,
        };
        if (incoming.Headers.Authorization.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", (IEnumerable<string>)incoming.Headers.Authorization);
        }

        foreach (var name in policy.Config.AllowedRequestHeaders)
        {
            if (incoming.Headers.TryGetValue(name, out var values) && !IdentityHeaders.IsIdentityHeader(name))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        if (context.Identity is { } identity)
        {
            IdentityHeaders.Apply(identity, request);
        }

        if (incoming.ContentType is not null || incoming.ContentLength > 0)
        {
            // The body stays with the client's request; the service sees that there is one.
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(incoming.ContentType, out var type) ? type : null;
        }

        return request;
    }
}
