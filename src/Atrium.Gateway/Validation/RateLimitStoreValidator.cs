using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;

namespace Atrium.Gateway.Validation;

/// <summary>A route that keeps its limit in Redis needs <c>gateway.redis.endpoints</c>.</summary>
internal static class RateLimitStoreValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        for (var i = 0; i < options.Routes.Count; i++)
        {
            if (options.Routes[i].RateLimit is { Store: RateLimitStore.Redis } && options.Redis.Endpoints.Count == 0)
            {
                context.AddError($"routes[{i}].rateLimit.store", "store: redis needs gateway.redis.endpoints");
            }
        }
    }
}
