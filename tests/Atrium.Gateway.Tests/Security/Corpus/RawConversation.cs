namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>
/// What the client got on one connection: its responses (interim ones left out), whether the gateway closed the
/// connection by itself rather than after the client's half-close, and bytes left over that do not form a response.
/// </summary>
internal sealed record RawConversation(IReadOnlyList<RawResponse> Responses, bool ClosedByServer, byte[] Unparsed)
{
    public override string ToString() =>
        $"{Responses.Count} response(s), {(ClosedByServer ? "closed by the gateway" : "closed after the client's half-close")}"
        + string.Concat(Responses.Select(r => "\n--- response\n" + r))
        + (Unparsed.Length > 0 ? "\n--- unparsed\n" + System.Text.Encoding.Latin1.GetString(Unparsed) : "");
}
