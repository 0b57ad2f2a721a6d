namespace Atrium.Gateway.Configuration;

/// <summary>
/// The match part of a route (<c>gateway.routes[i].match</c>). Every condition given must hold. Exactly one of
/// <see cref="Path"/>, <see cref="PathPrefix"/> and <see cref="PathRegex"/> may be set; none means every path.
/// </summary>
public sealed class RouteMatchConfig
{
    /// <summary>
    /// Path template: exact (<c>/healthz</c>), with parameters (<c>/api/orders/{id}</c>) or a final catch-all
    /// (<c>/api/orders/{**rest}</c>, which also matches <c>/api/orders</c>). Case-insensitive. Default none.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>Path prefix on segment boundaries: <c>/api</c> matches <c>/api</c> and <c>/api/x</c>, not <c>/apix</c>. Default none.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>A .NET regular expression the whole path must match (anchor it yourself). Default none.</summary>
    public string PathRegex { get; set; } = "";

    /// <summary>Hosts: exact (<c>api.example.com</c>) or wildcard (<c>*.example.com</c>, subdomains only), optionally with <c>:port</c>. Default any.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>HTTP methods, e.g. <c>[GET, HEAD]</c>. Default any.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>Header conditions. Default none.</summary>
    public List<ValueMatchConfig> Headers { get; set; } = [];

    /// <summary>Query parameter conditions. Default none.</summary>
    public List<ValueMatchConfig> Query { get; set; } = [];
}
