using System.Text;

namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>One response the client read off its connection to the gateway.</summary>
internal sealed record RawResponse(WireHead Head, byte[] Body)
{
    /// <summary>The status code of the status line.</summary>
    public int Status => int.Parse(Head.StartLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The single value of a header, or <see langword="null"/> when absent.</summary>
    public string? Header(string name) => Head.Values(name) is [var value] ? value : null;

    public override string ToString() => Head + "\n\n" + Encoding.Latin1.GetString(Body);
}
