namespace Atrium.Gateway.Tls;

/// <summary>
/// Sends a cluster's <c>tls.serverName</c> as <c>Host</c> on requests that carry none (routes that do not preserve the
/// client's): the connection pool takes the SNI name from <c>Host</c>, and a virtual-hosting upstream expects the two
/// to agree.
/// </summary>
internal sealed class ServerNameHandler(string serverName) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Host ??= serverName;
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Host ??= serverName;
        return base.Send(request, cancellationToken);
    }
}
