using Atrium.Rpc;
using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Persistence;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Security;

namespace Atrium.Payments;

/// <summary>The <c>payments</c> section of <c>atrium.yaml</c>. Read at start.</summary>
public sealed class PaymentsOptions : IValidatableConfig
{
    /// <summary>The config section and module name.</summary>
    public const string Section = "payments";

    /// <summary>
    /// Listen addresses (see <see cref="ListenAddress"/>): HTTP for the account API, h2c for the internal gRPC API.
    /// Default <c>http://127.0.0.1:8103</c> and <c>h2c://127.0.0.1:9103</c>.
    /// </summary>
    public List<string> Listen { get; set; } = ["http://127.0.0.1:8103", "h2c://127.0.0.1:9103"];

    /// <summary>
    /// The demo balance, in minor units, moved from the funding account into each new user's account when it opens;
    /// 0 opens accounts empty. Default 100000 ($1,000.00).
    /// </summary>
    [Range(0, 1_000_000_000_000)]
    public long StartingBalance { get; set; } = 100_000;

    /// <summary>The currency of every account (ISO 4217, upper case). Default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// The database engine: <c>sqlite</c> or <c>postgresql</c>. Default <c>sqlite</c>, a file in
    /// <c>host.dataDirectory</c>; <c>postgresql</c> needs <see cref="ConnectionString"/> naming a database of this
    /// module's own (created at start if missing).
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string for <see cref="Provider"/>. Default empty: <c>payments.db</c> in <c>host.dataDirectory</c>
    /// (SQLite only).
    /// </summary>
    [Secret]
    public string ConnectionString { get; set; } = "";

    /// <summary>How callers' bearer access tokens are verified. Default: identity's JWKS on <c>http://127.0.0.1:8101</c>.</summary>
    public AccessTokenOptions Auth { get; set; } = new();

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
        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            context.AddError("currency", $"'{Currency}' is not an upper-case ISO 4217 code");
        }
    }
}
