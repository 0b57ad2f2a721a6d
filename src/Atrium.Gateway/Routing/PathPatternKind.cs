namespace Atrium.Gateway.Routing;

/// <summary>Kinds of path match.</summary>
internal enum PathPatternKind
{
    /// <summary>A literal path.</summary>
    Exact,

    /// <summary>Literal and parameter segments.</summary>
    Template,

    /// <summary>A template ending in <c>{**name}</c>.</summary>
    CatchAll,

    /// <summary>A path prefix on segment boundaries.</summary>
    Prefix,

    /// <summary>A regular expression.</summary>
    Regex,

    /// <summary>No path condition.</summary>
    Any,
}
