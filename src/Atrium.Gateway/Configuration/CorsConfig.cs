using Atrium.Chassis.Configuration;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// Cross-origin access to a route (<c>gateway.routes[i].cors</c>). The gateway answers preflights itself (204) and
/// adds <c>Access-Control-*</c> headers to responses for allowed origins; other origins get no CORS headers.
/// </summary>
public sealed class CorsConfig : IValidatableConfig
{
    /// <summary>Allowed origins (<c>https://app.example.com</c>), or <c>*</c> for any. At least one.</summary>
    [MinItems(1, ErrorMessage = "needs at least one origin (or \"*\")")]
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Methods a preflight may ask for. Default none listed: any method.</summary>
    public List<string> AllowedMethods { get; set; } = [];

    /// <summary>Request headers a preflight may ask for. Default none listed: any header.</summary>
    public List<string> AllowedHeaders { get; set; } = [];

    /// <summary>Response headers the browser may show to scripts. Default none.</summary>
    public List<string> ExposedHeaders { get; set; } = [];

    /// <summary>Allow cookies and credentials (not with origin <c>*</c>). Default false.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>How long a browser may cache a preflight answer. Default 10 min.</summary>
    [DurationRange("00:00:00", "1.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < AllowedOrigins.Count; i++)
        {
            var origin = AllowedOrigins[i];
            if (origin == "*")
            {
                if (AllowCredentials)
                {
                    context.AddError($"allowedOrigins[{i}]", "\"*\" cannot be combined with allowCredentials: true");
                }

                continue;
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/') || origin.EndsWith('/'))
            {
                context.AddError($"allowedOrigins[{i}]", $"'{origin}' is not an origin (scheme://host[:port], no path) or \"*\"");
            }
        }
    }
}
