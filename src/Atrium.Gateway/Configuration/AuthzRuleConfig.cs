namespace Atrium.Gateway.Configuration;

/// <summary>
/// One attribute rule of a route's external authorization (<c>gateway.routes[i].extAuthz.rules[j]</c>). Every condition
/// given must hold for the rule to match; a condition left out matches any request.
/// </summary>
public sealed class AuthzRuleConfig
{
    /// <summary><c>allow</c> or <c>deny</c> (403 <c>FORBIDDEN</c>). Default <c>allow</c>.</summary>
    public AuthzEffect Effect { get; set; } = AuthzEffect.Allow;

    /// <summary>The caller holds at least one of these roles. Default any caller, anonymous too.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>HTTP methods, e.g. <c>[GET, HEAD]</c>. Default any.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>
    /// A path template as in <c>match.path</c> (<c>/api/users/{id}</c>, <c>/api/{**rest}</c>); its parameters may be
    /// used in <see cref="Claims"/>. Default any path.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>
    /// Claims of the verified caller, each of which must have the value given: a literal (<c>tenant: acme</c>) or a
    /// path parameter (<c>sub: "{id}"</c>, the caller's own resource). <c>sub</c> is the subject. Default none.
    /// </summary>
    public Dictionary<string, string> Claims { get; set; } = [];
}
