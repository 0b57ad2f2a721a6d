using System.Text.Json;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A route's match and policies in the few words the dashboard's table has room for.</summary>
internal static class RouteDescription
{
    public static string Match(CompiledRoute route)
    {
        var match = route.Config.Match;
        var parts = new List<string>();
        if (match.Methods.Count > 0)
        {
            parts.Add(string.Join(',', match.Methods));
        }

        parts.Add(route.Path.ToString());
        parts.AddRange(match.Hosts.Select(h => "host " + h));
        parts.AddRange(match.Headers.Select(h => "header " + h.Name));
        parts.AddRange(match.Query.Select(q => "query " + q.Name));
        return string.Join(' ', parts);
    }

    public static IReadOnlyList<string> Policies(CompiledRoute route)
    {
        var config = route.Config;
        var policies = new List<string> { $"timeout {config.Timeout.TotalSeconds:0.###}s" };
        if (config.Auth is { } auth)
        {
            policies.Add("auth " + auth.Require.ToString().ToLowerInvariant());
        }

        if (config.RateLimit is { } limit)
        {
            policies.Add($"rateLimit {limit.Limit}/{limit.Window.TotalSeconds:0.###}s by {JsonNamingPolicy.CamelCase.ConvertName(limit.Key.ToString())}");
        }

        if (route.Retry is not null)
        {
            policies.Add($"retry ×{config.Retry.MaxAttempts}");
        }

        AddIf(policies, config.Cors is not null, "cors");
        AddIf(policies, config.Split is not null, "split");
        AddIf(policies, config.Mirror is not null, "mirror");
        AddIf(policies, config.Faults is not null, "faults");
        return policies;
    }

    private static void AddIf(List<string> policies, bool on, string name)
    {
        if (on)
        {
            policies.Add(name);
        }
    }
}
