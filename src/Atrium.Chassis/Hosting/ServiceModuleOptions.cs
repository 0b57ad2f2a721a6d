using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Hosting;

/// <summary>
/// The settings every service module has: where it listens. A module's section (<c>identity</c>, <c>catalog</c>, ...)
/// binds to this until the module grows options of its own.
/// </summary>
internal sealed class ServiceModuleOptions : IValidatableConfig
{
    /// <summary>
    /// Listen addresses: <c>http://HOST:PORT</c> (HTTP/1.1), <c>h2c://HOST:PORT</c> (HTTP/2 with prior knowledge) or
    /// <c>https://HOST:PORT</c>. HOST is an IP address, <c>localhost</c>, or <c>*</c>/<c>0.0.0.0</c> for every
    /// interface. Empty means the module's built-in default.
    /// </summary>
    public List<string> Listen { get; set; } = [];

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ListenAddress.ValidateAll(Listen, "listen", context);
    }
}
