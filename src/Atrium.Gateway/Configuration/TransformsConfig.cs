namespace Atrium.Gateway.Configuration;

/// <summary>
/// How a route changes the request and response (<c>gateway.routes[i].transforms</c>). The path is rewritten by
/// <see cref="PathTemplate"/> if set, else <see cref="PathRemovePrefix"/> then <see cref="PathPrefix"/>; the query
/// string always passes unchanged.
/// </summary>
public sealed class TransformsConfig
{
    /// <summary>Remove this prefix from the path (on a segment boundary). Default none.</summary>
    public string PathRemovePrefix { get; set; } = "";

    /// <summary>Add this prefix to the path. Default none.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>
    /// Replace the path using the route's path parameters, e.g. route <c>/api/orders/{**rest}</c> with template
    /// <c>/orders/{**rest}</c>. Default none.
    /// </summary>
    public string PathTemplate { get; set; } = "";

    /// <summary>Send the client's original path and query upstream in this header (e.g. <c>X-Original-Path</c>). Default none.</summary>
    public string OriginalPathHeader { get; set; } = "";

    /// <summary>Changes to the request headers sent upstream.</summary>
    public HeaderTransformsConfig RequestHeaders { get; set; } = new();

    /// <summary>Changes to the response headers sent to the client.</summary>
    public HeaderTransformsConfig ResponseHeaders { get; set; } = new();
}
