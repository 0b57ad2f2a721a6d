using Atrium.Gateway.Configuration;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Validation;

/// <summary>Rules of <c>routes[i].match</c>: one path form that compiles, host patterns, upper-case methods.</summary>
internal static class RouteMatchValidator
{
    public static void Validate(RouteMatchConfig match, ConfigScope scope)
    {
        var given = (match.Path.Length > 0 ? 1 : 0) + (match.PathPrefix.Length > 0 ? 1 : 0) + (match.PathRegex.Length > 0 ? 1 : 0);
        if (given > 1)
        {
            scope.AddError("", "set only one of path, pathPrefix and pathRegex");
            return;
        }

        if (!PathPattern.TryCreate(match, out _, out var error))
        {
            scope.AddError(match.Path.Length > 0 ? "path" : match.PathPrefix.Length > 0 ? "pathPrefix" : "pathRegex", error!);
        }

        for (var i = 0; i < match.Hosts.Count; i++)
        {
            if (!HostMatcher.IsValidPattern(match.Hosts[i]))
            {
                scope.AddError($"hosts[{i}]", $"'{match.Hosts[i]}' is not a host name or *.wildcard");
            }
        }

        for (var i = 0; i < match.Methods.Count; i++)
        {
            if (match.Methods[i].Length == 0 || !match.Methods[i].All(char.IsAsciiLetterUpper))
            {
                scope.AddError($"methods[{i}]", $"'{match.Methods[i]}' is not an upper-case HTTP method");
            }
        }
    }
}
