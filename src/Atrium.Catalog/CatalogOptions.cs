using Atrium.Rpc;
using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Security;

namespace Atrium.Catalog;

/// <summary>The <c>catalog</c> section of <c>atrium.yaml</c>. Read at start.</summary>
public sealed class CatalogOptions : IValidatableConfig
{
    /// <summary>The config section and module name.</summary>
    public const string Section = "catalog";

    /// <summary>
    /// Listen addresses (see <see cref="ListenAddress"/>): HTTP/1.1 for the product API, h2c for the internal gRPC API
    /// (<c>atrium.catalog.v1.Products</c> and <c>Reservations</c>). Default <c>http://127.0.0.1:8102</c> and
    /// <c>h2c://127.0.0.1:9102</c>.
    /// </summary>
    public List<string> Listen { get; set; } = ["http://127.0.0.1:8102", "h2c://127.0.0.1:9102"];

    /// <summary>
    /// How the admin endpoints verify the caller's access token (identity's JWKS, issuer, audience). Default: identity
    /// on its default listener, <c>http://127.0.0.1:8101/.well-known/jwks.json</c>, issuer and audience <c>atrium</c>.
    /// </summary>
    public AccessTokenOptions Auth { get; set; } = new();

    /// <summary>How long a reservation holds stock unconfirmed before the expiry sweep releases it. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the expiry sweep runs. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seed demo products into an empty database at start. Default true.</summary>
    public bool SeedProducts { get; set; } = true;

    /// <summary>
    /// The database engine: <c>sqlite</c> or <c>postgresql</c>. Default <c>sqlite</c>, a file in
    /// <c>host.dataDirectory</c>; <c>postgresql</c> needs <see cref="ConnectionString"/> naming a database of this
    /// module's own (created at start if missing).
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string for <see cref="Provider"/>. Default empty: <c>catalog.db</c> in <c>host.dataDirectory</c>
    /// (SQLite only).
    /// </summary>
    [Secret]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How the internal gRPC API is served: server reflection (default <c>auto</c>, on while every h2c listener is on
    /// loopback), message size limits (default 4 MiB each way), gzip responses (default off). See <see cref="GrpcOptions"/>.
    /// </summary>
    public GrpcOptions Grpc { get; set; } = new();

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ListenAddress.ValidateAll(Listen, "listen", context);
        ModuleDatabase.Validate(Provider, ConnectionString, context);
    }
}
