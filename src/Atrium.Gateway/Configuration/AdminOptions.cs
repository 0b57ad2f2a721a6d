using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// The gateway's admin API listener (<c>gateway.admin</c>). Read at start: a change needs a restart.
/// </summary>
public sealed class AdminOptions
{
    /// <summary>The shortest <see cref="Token"/> accepted: a guessable token would undo the point of having one.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// Where the admin API listens. Default <c>http://127.0.0.1:15000</c>: loopback only, since it shows the
    /// effective config and can trigger reloads.
    /// </summary>
    public List<string> Listen { get; set; } = ["http://127.0.0.1:15000"];

    /// <summary>
    /// The bearer token every <c>/admin/*</c> call must carry (<c>Authorization: Bearer TOKEN</c>), at least 16
    /// characters. Default empty: <see cref="TokenFile"/>, else a token generated at first start into
    /// <c>gateway-admin.token</c> in <c>host.dataDirectory</c>. Redacted in every view.
    /// </summary>
    [Secret]
    public string Token { get; set; } = "";

    /// <summary>
    /// A file whose content (trailing white space removed) is the token, at least 16 characters, e.g. a mounted
    /// Kubernetes secret. Default empty. Set at most one of <see cref="Token"/> and this.
    /// </summary>
    public string TokenFile { get; set; } = "";

    /// <summary>
    /// Host names (optionally with <c>:port</c>) the admin API answers to besides the loopback literals
    /// <c>127.0.0.1</c>, <c>[::1]</c> and <c>localhost</c>: a request whose <c>Host</c> is anything else gets 403
    /// <c>FORBIDDEN</c>, so that a web page cannot reach the API by rebinding its own name to 127.0.0.1. Default none.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
