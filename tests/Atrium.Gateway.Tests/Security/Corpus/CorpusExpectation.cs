namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// What a case must lead to: a refusal (<see cref="Forward"/> false: <see cref="Status"/>, optionally the
/// <c>X-Error-Code</c> and the gateway closing the connection) or one forwarded request with exactly these parts.
/// Either way nothing else may reach the upstream.
/// </summary>
internal sealed class CorpusExpectation
{
    /// <summary>One request must reach the upstream.</summary>
    public bool Forward { get; init; }

    /// <summary>The status of the one response; <see langword="null"/> for none at all (the connection dropped).</summary>
    public int? Status { get; init; }

    /// <summary>The <c>X-Error-Code</c> the refusal must carry, if given.</summary>
    public string? Code { get; init; }

    /// <summary>The gateway must close the connection after its answer, without waiting for the client.</summary>
    public bool Close { get; init; }

    /// <summary>
    /// The route the case is about: a forward must come back with it in <c>X-Route</c>; for a refusal it only says
    /// that the route must exist. Default <c>all</c>.
    /// </summary>
    public string Route { get; init; } = "all";

    /// <summary>The method the upstream must see.</summary>
    public string Method { get; init; } = "";

    /// <summary>The request-target the upstream must see, byte for byte (Latin-1).</summary>
    public string Target { get; init; } = "";

    /// <summary>The body the upstream must get.</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>Header fields the upstream must get exactly once with exactly this value.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Header fields the upstream must get exactly once, with a value containing this text.</summary>
    public List<KeyValuePair<string, string>> HeadersContaining { get; } = [];

    /// <summary>Header fields the upstream must not get.</summary>
    public List<string> AbsentHeaders { get; } = [];

    /// <summary>Text that must appear nowhere in the upstream's request head (forged values).</summary>
    public List<string> NeverSeen { get; } = [];
}
