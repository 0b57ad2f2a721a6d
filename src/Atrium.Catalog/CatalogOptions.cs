using Atrium.Rpc;
using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Modules;

namespace Atrium.Catalog;

/// <summary>The <c>catalog</c> section of <c>atrium.yaml</c>: <c>listen</c> defaults to <c>http://127.0.0.1:8102</c> (the product
/// API) and <c>h2c://127.0.0.1:9102</c> (<c>atrium.catalog.v1.Products</c> and <c>Reservations</c>), the SQLite file is
/// <c>catalog.db</c>; <c>auth</c> verifies the admin endpoints' callers. Read at start.</summary>
public sealed class CatalogOptions() : VerifyingServiceOptions(["http://127.0.0.1:8102", "h2c://127.0.0.1:9102"])
{
    /// <summary>The config section and module name.</summary>
    public const string Section = "catalog";

    /// <summary>How long a reservation holds stock unconfirmed before the expiry sweep releases it. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the expiry sweep runs. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seed demo products into an empty database at start. Default true.</summary>
    public bool SeedProducts { get; set; } = true;

    /// <summary>
    /// How the internal gRPC API is served: server reflection (default <c>auto</c>, on while every h2c listener is on
    /// loopback), message size limits (default 4 MiB each way), gzip responses (default off). See <see cref="GrpcOptions"/>.
    /// </summary>
    public GrpcOptions Grpc { get; set; } = new();

    /// <inheritdoc />
    public override void Validate(ConfigValidationContext context)
    {
        base.Validate(context);
    }
}
