using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;

namespace Atrium.Testing;

/// <summary>
/// The settings every service module has: where it listens. A test module binds its section to this, and a test's
/// schema of the whole file binds each service's section (<c>identity</c>, <c>catalog</c>, ...) to it.
/// </summary>
public sealed class ServiceModuleOptions : IValidatableConfig
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
