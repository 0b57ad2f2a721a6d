namespace Atrium.Gateway.Configuration;

/// <summary>What keeps a caller on one side of a traffic split.</summary>
public enum StickyOn
{
    /// <summary>Not sticky: each request is drawn at random by weight.</summary>
    None,

    /// <summary>The value of the header named in <c>stickyKey</c>.</summary>
    Header,

    /// <summary>The value of the cookie named in <c>stickyKey</c>.</summary>
    Cookie,

    /// <summary>The client's IP address.</summary>
    ClientIp,
}
