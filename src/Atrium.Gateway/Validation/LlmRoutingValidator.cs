using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Validation;

/// <summary>An <c>llm</c> route's clusters (per model, default, fallback) exist.</summary>
internal static class LlmRoutingValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        for (var i = 0; i < options.Routes.Count; i++)
        {
            if (options.Routes[i].Llm is not { } llm)
            {
                continue;
            }

            var path = $"routes[{i}].llm";
            foreach (var (model, cluster) in llm.Models)
            {
                Known(options, cluster, $"{path}.models.{model}", context, required: true);
            }

            Known(options, llm.DefaultCluster, $"{path}.defaultCluster", context, required: false);
            Known(options, llm.FallbackCluster, $"{path}.fallbackCluster", context, required: false);
            if (options.Routes[i].Split is not null)
            {
                context.AddError($"{path}", "a route chooses its cluster by split or by llm, not both");
            }
        }
    }

    private static void Known(GatewayOptions options, string cluster, string path, ConfigValidationContext context, bool required)
    {
        if (cluster.Length == 0 ? required : !options.Clusters.ContainsKey(cluster))
        {
            context.AddError(path, cluster.Length == 0 ? "needs a cluster" : $"unknown cluster '{cluster}'");
        }
    }
}
