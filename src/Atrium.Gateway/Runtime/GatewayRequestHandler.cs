using System.Diagnostics;
using Atrium.Chassis.Errors;
using Atrium.Gateway.Forwarding;
using Atrium.Gateway.Pipeline;
using Atrium.Gateway.Routing;
using Atrium.Gateway.Telemetry;
using Atrium.Gateway.Tls;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Atrium.Gateway.Runtime;

/// <summary>
/// The proxy listener's whole request path (terminal: nothing runs after it): match a route on the live snapshot, run the stages, answer any
/// gateway-raised error in the caller's protocol, then record metrics and the access log line.
/// </summary>
internal sealed class GatewayRequestHandler(GatewayRuntime runtime, GatewayMetrics metrics, AccessLog accessLog)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = runtime.Current;
        var proxy = Prepare(context, snapshot);
        var route = proxy.Route;
        RouteTally? tally = null;
        if (proxy.Error == ForwarderError.None && route is not null)
        {
            tally = metrics.RequestStarted(route.Id);
            await snapshot.Pipeline.Invoke(proxy).ConfigureAwait(false);
        }

        ErrorCode? code = null;
        if (proxy.Error != ForwarderError.None)
        {
            code = proxy.ErrorCode ?? ForwarderErrorCodes.For(proxy.Error);
            await GatewayErrorResponder.WriteAsync(context, code, proxy.IsGrpc, proxy.ErrorDetail).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var routeId = route?.Id ?? "";
        // A traffic split may have chosen another cluster than the route's own.
        var cluster = proxy.Cluster?.Name ?? route?.Cluster.Name ?? "";
        var status = context.Response.StatusCode;
        if (tally is not null)
        {
            metrics.RequestEnded(tally, cluster, status, code?.Name, elapsed.TotalSeconds, proxy.BytesOut, proxy.ConnectFailed);
        }

        if (accessLog.IsEnabled)
        {
            // An upstream Atrium service names its own error code; log it beside the gateway's.
            var errorCode = code?.Name ?? context.Response.Headers[ProblemResponse.ErrorCodeHeader].ToString();
            accessLog.Write(context.Request.Method, context.Request.Path.Value ?? "/", status, routeId, cluster,
                proxy.Endpoint?.Address ?? "", elapsed.TotalMilliseconds, proxy.BytesOut, errorCode);
        }
    }

    private static ProxyContext Prepare(HttpContext context, GatewaySnapshot snapshot)
    {
        var request = context.Request;
        var proxy = new ProxyContext(context, snapshot.ForwardedHeaders) { IsGrpc = GatewayErrorResponder.IsGrpc(request) };
        var framing = RequestFraming.Check(request);
        if (framing != ForwarderError.None)
        {
            // Refuse and close, as Envoy and nginx do, rather than forward under one reading of the message: the rest
            // of this connection's bytes cannot be trusted to start the next request.
            // (RequestClose survives the error writer clearing the response's headers.)
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
            context.Response.Headers.Connection = "close";
            proxy.Error = framing;
            proxy.ErrorDetail = framing == ForwarderError.UnsupportedTransferCoding
                ? "Only the chunked transfer coding is supported."
                : "The request's framing headers conflict or do not fit its HTTP version.";
            return proxy;
        }

        if (!string.Equals(HttpMethod.Parse(request.Method).Method, request.Method, StringComparison.Ordinal))
        {
            // "get" is not GET (RFC 9110 §9.1) but HttpClient would send it as GET; nginx refuses it too.
            proxy.Error = ForwarderError.AmbiguousMethod;
            proxy.ErrorDetail = "Methods are case-sensitive; a standard method must be spelled in upper case.";
            return proxy;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        if (!RequestPathDecoder.TryDecode(target, out var decoded, out var encodedSlash))
        {
            proxy.Error = ForwarderError.AmbiguousPath;
            proxy.ErrorDetail = AmbiguousPathDetail;
            return proxy;
        }

        if (decoded is not null)
        {
            // Route on the one spelling the decoder produced, which is also the one re-encoded for the upstream.
            request.Path = new PathString(decoded);
        }

        // Before matching, so that routes can match on the verified subject and no client can claim one.
        ClientCertificateSubject.Apply(request, context.Connection.ClientCertificate, snapshot.Options.Tls.ClientCertificateHeader);
        Span<Range> captures = stackalloc Range[PathPattern.MaxParameters];
        var route = snapshot.Routes.Match(request, captures);
        if (route is null)
        {
            proxy.Error = ForwarderError.NoRoute;
            return proxy;
        }

        if (encodedSlash && !route.Config.AllowEncodedSlashes)
        {
            proxy.Error = ForwarderError.AmbiguousPath;
            proxy.ErrorDetail = AmbiguousPathDetail;
            return proxy;
        }

        proxy.Route = route;
        proxy.Cluster = route.Cluster;
        var path = request.Path.Value ?? "/";
        proxy.UpstreamPath = route.Transforms.RewritesPath ? route.Transforms.TransformPath(path, captures) : path;
        proxy.Timeout = route.Config.Timeout;
        if (proxy.IsGrpc && GrpcTimeoutHeader.TryParse(request.Headers["grpc-timeout"], out var deadline) && deadline < proxy.Timeout)
        {
            proxy.Timeout = deadline;
        }

        return proxy;
    }

    private const string AmbiguousPathDetail =
        "The request path holds a dot segment, a backslash, a control character, an invalid escape or UTF-8 sequence, or an encoded slash.";
}
