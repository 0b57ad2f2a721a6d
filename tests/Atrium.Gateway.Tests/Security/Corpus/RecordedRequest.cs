using System.Text;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// One request as the recording upstream got it. <see cref="Complete"/> is false when the connection ended (or the
/// bytes stopped making sense) before the request did; <see cref="Head"/> is then whatever head could be read.
/// </summary>
internal sealed record RecordedRequest(WireHead? Head, byte[] Body, bool Complete, string? Error)
{
    /// <summary>The method, or empty when no head was read.</summary>
    public string Method => Part(0);

    /// <summary>The request-target exactly as sent (origin-form: path and query).</summary>
    public string Target => Part(1);

    /// <summary>The protocol version of the request line.</summary>
    public string Version => Part(2);

    /// <summary>The request as text, for failure messages.</summary>
    public override string ToString() =>
        $"{(Complete ? "complete" : "INCOMPLETE")}{(Error is null ? "" : " (" + Error + ")")}\n{Head}\n\n{Encoding.Latin1.GetString(Body)}";

    private string Part(int index)
    {
        var parts = Head?.StartLine.Split(' ') ?? [];
        return parts.Length == 3 ? parts[index] : "";
    }
}
