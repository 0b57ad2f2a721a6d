using Atrium.Gateway.Configuration;
using Atrium.Gateway.Forwarding;

namespace Atrium.Gateway.Validation;

/// <summary>Rules of <c>transforms.requestHeaders</c> and <c>responseHeaders</c>: no hop-by-hop header is set.</summary>
internal static class HeaderTransformsValidator
{
    public static void Validate(HeaderTransformsConfig headers, ConfigScope scope)
    {
        foreach (var name in headers.Set.Keys.Concat(headers.Append.Keys))
        {
            if (HopByHopHeaders.Contains(name))
            {
                scope.AddError(headers.Set.ContainsKey(name) ? $"set.{name}" : $"append.{name}", $"'{name}' is a hop-by-hop header and cannot be set");
            }
        }
    }
}
