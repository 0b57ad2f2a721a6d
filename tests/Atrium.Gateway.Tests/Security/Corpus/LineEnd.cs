namespace Atrium.Gateway.Tests.Security.Corpus;

/// <summary>How a line of a case file ends on the wire.</summary>
internal enum LineEnd
{
    /// <summary>The line gets CRLF, the default.</summary>
    Crlf,

    /// <summary>The line ends with a visible <c>\n</c> or <c>\r</c> escape, which is its whole line end.</summary>
    Explicit,

    /// <summary>The line ends with <c>\c</c>: nothing is added and the request ends here.</summary>
    EndOfRequest,
}
