using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Hosting;

namespace Atrium.Chassis.Data.Modules;

/// <summary>
/// The settings every service module's section has (<c>listen</c>, <c>provider</c>, <c>connectionString</c>), with
/// their validation; a service's options derive from this (or <see cref="VerifyingServiceOptions"/>) and add their own.
/// </summary>
/// <param name="listen">The module's default listen addresses.</param>
public abstract class ServiceOptions(List<string> listen) : IValidatableConfig
{
    /// <summary>
    /// Listen addresses (see <see cref="ListenAddress"/>): HTTP/1.1 for the module's API, h2c for its internal gRPC API.
    /// Default: the module's own ports on 127.0.0.1.
    /// </summary>
    public List<string> Listen { get; set; } = listen;

    /// <summary>
    /// The database engine: <c>sqlite</c> or <c>postgresql</c>. Default <c>sqlite</c>, a file in
    /// <c>host.dataDirectory</c>; <c>postgresql</c> needs <see cref="ConnectionString"/> naming a database of this
    /// module's own (created at start if missing).
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string for <see cref="Provider"/>. Default empty: the module's SQLite file (e.g.
    /// <c>catalog.db</c>) in <c>host.dataDirectory</c> (SQLite only).
    /// </summary>
    [Secret]
    public string ConnectionString { get; set; } = "";

    /// <inheritdoc />
    public virtual void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ListenAddress.ValidateAll(Listen, "listen", context);
        ModuleDatabase.Validate(Provider, ConnectionString, context);
    }
}
