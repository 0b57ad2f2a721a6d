using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;

namespace Atrium.Gateway.Configuration;

/// <summary>The gateway's admin API listener (<c>gateway.admin</c>).</summary>
public sealed class AdminOptions : IValidatableConfig
{
    /// <summary>
    /// Where the admin API listens. Default <c>http://127.0.0.1:15000</c>: loopback only, since it shows the
    /// effective config and can trigger reloads.
    /// </summary>
    public List<string> Listen { get; set; } = ["http://127.0.0.1:15000"];

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ListenAddress.ValidateAll(Listen, "listen", context);
    }
}
