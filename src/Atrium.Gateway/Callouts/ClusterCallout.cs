using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;

namespace Atrium.Gateway.Callouts;

/// <summary>
/// A request the gateway makes on its own behalf to a cluster (an authorization check, a part of an aggregate), with
/// the cluster's machinery: its balancing over the available endpoints, its circuit breaker, its pool and TLS; the
/// outcome counts for passive health and the breaker like a proxied request's. The whole answer is read under one
/// timeout and a body limit, so a slow or hostile upstream costs at most both.
/// </summary>
internal static class ClusterCallout
{
    /// <summary>Sends the request <paramref name="create"/> builds for the chosen endpoint and reads its answer.</summary>
    public static async Task<CalloutResponse> SendAsync(
        ProxyContext context, ClusterState cluster, Func<EndpointState, HttpRequestMessage> create, TimeSpan timeout, int maxBodySize)
    {
        var endpoint = PickEndpoint(context, cluster);
        if (endpoint is null)
        {
            return CalloutResponse.Failed(ForwarderError.NoEndpoint);
        }

        var probe = false;
        if (cluster.Breaker is { } breaker && !breaker.TryEnter(out probe))
        {
            return CalloutResponse.Failed(ForwarderError.CircuitOpen);
        }

        endpoint.OnStart();
        cluster.OnRequestStart();
        CalloutResponse result = CalloutResponse.Failed(ForwarderError.UpstreamUnavailable);
        try
        {
            result = await SendToAsync(cluster, create(endpoint), timeout, maxBodySize, context.HttpContext.RequestAborted).ConfigureAwait(false);
            return result;
        }
        finally
        {
            var failed = result.UpstreamFailed;
            endpoint.OnEnd(failed);
            if (result.Error != ForwarderError.ClientDisconnected)
            {
                cluster.PassiveHealth?.Report(endpoint, failed);
                cluster.Breaker?.OnResult(failed, probe);
            }
            else if (probe)
            {
                cluster.Breaker?.ReleaseProbe();
            }

            cluster.OnRequestEnd();
        }
    }

    /// <summary>The endpoint the cluster's balancing policy picks among its available ones; null when none is.</summary>
    public static EndpointState? PickEndpoint(ProxyContext context, ClusterState cluster)
    {
        var candidates = cluster.AvailableEndpoints;
        return candidates.Length switch
        {
            0 => null,
            1 => candidates[0],
            _ => cluster.LoadBalancer.Pick(context, candidates),
        };
    }

    private static async Task<CalloutResponse> SendToAsync(
        ClusterState cluster, HttpRequestMessage request, TimeSpan timeout, int maxBodySize, CancellationToken aborted)
    {
        using var _ = request;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await cluster.Invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response.Content, maxBodySize, deadline.Token).ConfigureAwait(false);
            return body is null ? CalloutResponse.Failed(ForwarderError.UpstreamProtocol) : CalloutResponse.Answered(response, body);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            if (aborted.IsCancellationRequested)
            {
                return CalloutResponse.Failed(ForwarderError.ClientDisconnected);
            }

            if (deadline.IsCancellationRequested)
            {
                return CalloutResponse.Failed(ForwarderError.UpstreamTimeout);
            }

            // Headers past the pool's limit and a failed TLS verification are the upstream speaking wrongly.
            return CalloutResponse.Failed(ex is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded }
                ? ForwarderError.UpstreamProtocol
                : ForwarderError.UpstreamUnavailable);
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBodySize"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, int maxBodySize, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBodySize)
        {
            return null;
        }

        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(maxBodySize + 1, 16 * 1024)];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBodySize)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
