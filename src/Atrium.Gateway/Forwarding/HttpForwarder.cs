using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Atrium.Gateway.Forwarding;

/// <summary>
/// Sends one request to the chosen endpoint and relays the answer: headers minus hop-by-hop ones, bodies streamed
/// both ways, trailers (gRPC) passed on, protocol upgrades (WebSocket) tunnelled. Failures come back as
/// <see cref="ForwarderError"/> values; writing the error answer is the caller's job unless the response had started.
/// </summary>
/// <remarks>
/// The gateway's hot path; the response's header and trailer copy is in <see cref="ResponseHeaderCopy"/>.
/// </remarks>
internal sealed partial class HttpForwarder(ILogger<HttpForwarder> logger, IHostApplicationLifetime lifetime)
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly TimeoutSources _timeouts = new();

    // Pooled state machines: each request would otherwise allocate a box for this method and for the body copy.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ForwarderError> ForwardAsync(UpstreamExchange proxy, UpstreamRoute route)
    {
        var context = proxy.HttpContext;
        var cluster = proxy.Cluster!;
        var endpoint = proxy.Endpoint!;

        var limit = route.Config.MaxRequestBodySize;
        var bodySize = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = limit == 0 ? null : limit;
        }

        if (limit > 0 && context.Request.ContentLength > limit)
        {
            return ForwarderError.RequestBodyTooLarge;
        }

        var isUpgrade = UpgradeTunnel.IsWebSocketUpgrade(context);
        using var request = CreateRequest(proxy, route, isUpgrade, out var content);

        // Declared before the abort registration, so that the registration is gone before the source goes back.
        using var lease = _timeouts.Rent();
        var timeout = lease.Source;
        using var aborted = context.RequestAborted.Register(static s => ((CancellationTokenSource)s!).Cancel(), timeout);
        timeout.CancelAfter(proxy.Timeout);

        HttpResponseMessage response;
        try
        {
            response = await cluster.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return ClassifySendFailure(proxy, route, content, timeout, ex);
        }

        using (response)
        {
            proxy.UpstreamStatus = (int)response.StatusCode;
            if (proxy.Retry is { } retry && retry.TryRetryStatus(proxy.UpstreamStatus))
            {
                // Nothing of this answer reached the client: drop it and let the retry stage try again.
                return ForwarderError.RetryableStatus;
            }

            if (!proxy.IsGrpc)
            {
                // The route timeout covers the wait for headers; a body may stream for as long as it needs.
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            }

            if (response.StatusCode == HttpStatusCode.SwitchingProtocols)
            {
                // A switch nobody asked for (the request's Upgrade was not a WebSocket and so was not forwarded) would
                // hand the client's connection to an unknown protocol.
                return isUpgrade
                    ? await UpgradeTunnel.RunAsync(context, response, logger, lifetime.ApplicationStopping).ConfigureAwait(false)
                    : ForwarderError.UpstreamProtocol;
            }

            ResponseHeaderCopy.CopyHeaders(context, response, route.Transforms.Response);
            var error = await CopyResponseBodyAsync(proxy, route, response, timeout).ConfigureAwait(false);
            if (error == ForwarderError.None)
            {
                ResponseHeaderCopy.CopyTrailers(context, response);
            }

            return error;
        }
    }

    private static HttpRequestMessage CreateRequest(UpstreamExchange proxy, UpstreamRoute route, bool isUpgrade, out StreamingRequestContent? content)
    {
        var context = proxy.HttpContext;
        var incoming = context.Request;
        var cluster = proxy.Cluster!;
        var uri = UpstreamAddress.Create(proxy.Endpoint!.Base, proxy.UpstreamPath, incoming.QueryString.Value);
        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), uri)
        {
            Version = isUpgrade ? HttpVersion.Version11 : cluster.Version,
            VersionPolicy = isUpgrade ? HttpVersionPolicy.RequestVersionExact : cluster.VersionPolicy,
        };

        content = null;
        if (proxy.RequestBody is { } buffered)
        {
            // Buffered by the retry stage: each attempt sends the same bytes.
            request.Content = new ReadOnlyMemoryContent(buffered);
        }
        else if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            content = new StreamingRequestContent(incoming.BodyReader, incoming.ContentLength, context.RequestAborted);
            request.Content = content;
        }
        else if (incoming.ContentType is not null)
        {
            // A bodiless request can still carry Content-Type (a gRPC call whose request stream is empty ends the
            // stream with its HEADERS); HttpClient keeps content headers only on a content, so give it an empty one.
            request.Content = new ByteArrayContent([]);
        }

        CopyRequestHeaders(proxy, route, request, isUpgrade);
        return request;
    }

    /// <summary>
    /// Copies the client's headers to an upstream request (also used by the mirror for its copies): hop-by-hop,
    /// <c>Host</c>, <c>X-Forwarded-*</c>, trace context, client-sent identity headers and the admin session cookie
    /// (<see cref="AdminSessionCookie"/>) are dropped; forwarded
    /// headers, transforms and the verified identity are added.
    /// </summary>
    internal static void CopyRequestHeaders(UpstreamExchange proxy, UpstreamRoute route, HttpRequestMessage request, bool isUpgrade)
    {
        var context = proxy.HttpContext;
        var headers = context.Request.Headers;
        var connection = headers.Connection;
        var tracing = Activity.Current is not null;
        foreach (var (name, values) in headers)
        {
            if (name.Length == 0 || name[0] == ':')
            {
                continue;
            }

            if (HopByHopHeaders.Contains(name))
            {
                // gRPC needs "te: trailers" end to end; a WebSocket handshake needs its Upgrade.
                if (name.Equals("TE", StringComparison.OrdinalIgnoreCase) && values.ToString().Equals("trailers", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.TryAddWithoutValidation(name, "trailers");
                }

                continue;
            }

            if (connection.Count > 0 && HopByHopHeaders.IsNamedBy(connection, name))
            {
                continue;
            }

            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || ForwardedHeaders.IsForwardedHeader(name)
                || (tracing && IsTraceContextHeader(name))
                || IdentityHeaders.IsIdentityHeader(name))
            {
                // Host is the endpoint's unless preserved; X-Forwarded-* are rewritten; trace context is
                // re-injected for the gateway's own client span; identity headers come only from the gateway.
                continue;
            }

            AddHeader(request, name, values);
        }

        // One presence check per request; only a request with cookies is looked at further.
        var cookies = headers.Cookie;
        if (cookies.Count > 0 && AdminSessionCookie.Without(cookies) is { } kept)
        {
            request.Headers.Remove("Cookie");
            if (kept.Count > 0)
            {
                AddHeader(request, "Cookie", kept);
            }
        }

        if (isUpgrade)
        {
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", headers.Upgrade.ToString());
        }

        if (route.Config.PreserveHost && context.Request.Host.HasValue)
        {
            request.Headers.Host = context.Request.Host.Value;
        }

        proxy.ForwardedHeaders.Apply(context, request);
        if (proxy.Identity is { } identity)
        {
            IdentityHeaders.Apply(identity, request);
        }

        var transforms = route.Transforms;
        if (transforms.OriginalPathHeader is { } original)
        {
            request.Headers.TryAddWithoutValidation(original, Transforms.RouteTransforms.OriginalPath(context.Request));
        }

        if (!transforms.Request.IsEmpty)
        {
            transforms.Request.Apply(request);
        }
    }

    private static void AddHeader(HttpRequestMessage request, string name, StringValues values)
    {
        var added = values.Count == 1
            ? request.Headers.TryAddWithoutValidation(name, values.ToString())
            : request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        if (!added && request.Content is not null)
        {
            // Content-* headers belong to the content.
            if (values.Count == 1)
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToString());
            }
            else
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }

    private static bool IsTraceContextHeader(string name) =>
        name.Equals("traceparent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase)
        || name.Equals("baggage", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Request-Id", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Correlation-Context", StringComparison.OrdinalIgnoreCase);

    private ForwarderError ClassifySendFailure(UpstreamExchange proxy, UpstreamRoute route, StreamingRequestContent? content, CancellationTokenSource timeout, Exception ex)
    {
        var context = proxy.HttpContext;
        if (context.RequestAborted.IsCancellationRequested)
        {
            return ForwarderError.ClientDisconnected;
        }

        if (content?.ClientError is { } clientError)
        {
            return clientError is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? ForwarderError.RequestBodyTooLarge
                : ForwarderError.RequestBodyClient;
        }

        if (timeout.IsCancellationRequested)
        {
            return ForwarderError.UpstreamTimeout;
        }

        // A TLS handshake that fails verification (unknown CA, wrong name) is the upstream speaking wrongly, not being away.
        var error = ex is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.SecureConnectionError }
            ? ForwarderError.UpstreamProtocol
            : ForwarderError.UpstreamUnavailable;
        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            proxy.ConnectFailed = true;
        }

        LogSendFailed(logger, route.Id, proxy.Endpoint!.Address, ex.Message);
        return error;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwarderError> CopyResponseBodyAsync(UpstreamExchange proxy, UpstreamRoute route, HttpResponseMessage response, CancellationTokenSource timeout)
    {
        var context = proxy.HttpContext;
        Stream upstream;
        try
        {
            upstream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogBodyFailed(logger, route.Id, ex.Message);
            return timeout.IsCancellationRequested ? ForwarderError.UpstreamTimeout : ForwarderError.ResponseBodyUpstream;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await using (upstream.ConfigureAwait(false))
            {
                var body = context.Response.Body;
                while (true)
                {
                    int read;
                    try
                    {
                        read = await upstream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
                    {
                        LogBodyFailed(logger, route.Id, ex.Message);
                        return timeout.IsCancellationRequested && proxy.IsGrpc ? ForwarderError.UpstreamTimeout : ForwarderError.ResponseBodyUpstream;
                    }
                    catch (OperationCanceledException)
                    {
                        return ForwarderError.ClientDisconnected;
                    }

                    if (read == 0)
                    {
                        return ForwarderError.None;
                    }

                    try
                    {
                        await body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                        proxy.BytesOut += read;
                    }
                    catch (Exception)
                    {
                        return ForwarderError.ClientDisconnected;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(EventId = GatewayEventIds.SendFailed, Level = LogLevel.Warning, Message = "Route {RouteId}: sending to {Endpoint} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string routeId, string endpoint, string reason);

    [LoggerMessage(EventId = GatewayEventIds.ResponseBodyFailed, Level = LogLevel.Warning, Message = "Route {RouteId}: the upstream response body failed: {Reason}")]
    private static partial void LogBodyFailed(ILogger logger, string routeId, string reason);
}
