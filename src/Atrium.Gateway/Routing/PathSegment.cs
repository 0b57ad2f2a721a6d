namespace Atrium.Gateway.Routing;

/// <summary>One segment of a path template: a literal, a parameter, or the final catch-all.</summary>
internal readonly record struct PathSegment(string? Literal, string? Parameter, bool CatchAll);
