namespace Atrium.Gateway.Authorization;

/// <summary>
/// What the authorization service said, kept apart from its message so that it can be cached: allowed with headers for
/// the upstream request, or denied with the status, headers and body for the client.
/// </summary>
internal sealed class ExtAuthzDecision
{
    private ExtAuthzDecision(bool allowed, int status, (string Name, string Value)[] headers, byte[] body)
    {
        Allowed = allowed;
        Status = status;
        Headers = headers;
        Body = body;
    }

    public bool Allowed { get; }

    /// <summary>The denial's status; 0 when allowed.</summary>
    public int Status { get; }

    /// <summary>Allowed: the headers set on the upstream request; denied: the headers sent to the client.</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; }

    /// <summary>The denial's body; empty when allowed.</summary>
    public byte[] Body { get; }

    public static ExtAuthzDecision Allow((string, string)[] headers) => new(true, 0, headers, []);

    public static ExtAuthzDecision Deny(int status, (string, string)[] headers, byte[] body) => new(false, status, headers, body);
}
