using Atrium.Rpc;
using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Modules;

namespace Atrium.Identity;

/// <summary>
/// The <c>identity</c> section of <c>atrium.yaml</c>: <c>listen</c> defaults to <c>http://127.0.0.1:8101</c> (the API and the JWKS) and
/// <c>h2c://127.0.0.1:9101</c> (<c>atrium.identity.v1.Users</c>), the SQLite file is <c>identity.db</c>. Read at start, except the <see cref="ReloadableAttribute"/> keys,
/// which a reload applies live (consumers read them through <see cref="LiveOptions{T}"/>).
/// </summary>
public sealed class IdentityOptions() : ServiceOptions(["http://127.0.0.1:8101", "h2c://127.0.0.1:9101"])
{
    /// <summary>The config section and module name.</summary>
    public const string Section = "identity";

    /// <summary>The <c>iss</c> of issued tokens. Default <c>atrium</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Issuer { get; set; } = "atrium";

    /// <summary>The <c>aud</c> of issued tokens. Default <c>atrium</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "atrium";

    /// <summary>How long an access token is valid. Default 15 min.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a service token from <c>POST /connect/token</c> is valid. Default 5 min.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ServiceTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The services that may get service tokens (OAuth 2.0 client credentials at <c>POST /connect/token</c>). Default two
    /// clients, each with its secret in <c>service-secrets/ID</c> under <c>host.dataDirectory</c> (created when missing):
    /// <c>ordering</c>, with the scopes of the saga's calls to identity, catalog and payments, and <c>payments</c>, with
    /// <c>ordering.sagas.read</c> to ask whether a refund is the saga's compensation.
    /// </summary>
    public List<ServiceClientRegistration> Clients { get; set; } =
    [
        new()
        {
            Id = "ordering",
            SecretFile = "service-secrets/ordering",
            Scopes =
            [
                Rpc.ServiceScopes.IdentityUsersRead, Rpc.ServiceScopes.CatalogProductsRead, Rpc.ServiceScopes.CatalogReserve,
                Rpc.ServiceScopes.PaymentsCharge, Rpc.ServiceScopes.PaymentsRefund,
            ],
        },
        new() { Id = "payments", SecretFile = "service-secrets/payments", Scopes = [Rpc.ServiceScopes.OrderingSagasRead] },
    ];

    /// <summary>
    /// Failed client authentications at <c>POST /connect/token</c> from one address within
    /// <see cref="ClientAuthFailureWindow"/> after which that address is refused (429) until the window ends, the
    /// right secret included. Default 10.
    /// </summary>
    [Reloadable]
    [Range(1, 1000)]
    public int ClientAuthMaxFailures { get; set; } = 10;

    /// <summary>The window of <see cref="ClientAuthMaxFailures"/>, from an address's first failure. Default 1 min.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClientAuthFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a refresh token is valid. Default 14 days.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Wrong passwords in a row that lock an account; failures of parallel sign-ins all count. Default 5.
    /// </summary>
    [Reloadable]
    [Range(1, 100)]
    public int LockoutMaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked. Default 5 min.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The bootstrap administrator, created at first start. Its password comes from the environment variable
    /// <c>ATRIUM_ADMIN_PASSWORD</c>, which must meet <see cref="Domain.PasswordPolicy"/> (else the module does not
    /// start); when unset, a random one is generated and written to <see cref="IdentityModule.AdminPasswordFile"/> in
    /// <c>host.dataDirectory</c>, readable by its owner only. Default <c>admin@atrium.local</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string AdminEmail { get; set; } = "admin@atrium.local";

    /// <summary>
    /// How the internal gRPC API is served: server reflection (default <c>auto</c>, on while every h2c listener is on
    /// loopback), message size limits (default 4 MiB each way), gzip responses (default off). See <see cref="GrpcOptions"/>.
    /// </summary>
    public GrpcOptions Grpc { get; set; } = new();

    /// <inheritdoc />
    public override void Validate(ConfigValidationContext context)
    {
        base.Validate(context);
        if (!Domain.EmailAddress.TryParse(AdminEmail, out _))
        {
            context.AddError("adminEmail", $"'{AdminEmail}' is not an email address");
        }

        for (var i = 0; i < Clients.Count; i++)
        {
            if (Clients.FindIndex(c => c.Id == Clients[i].Id) < i)
            {
                context.AddError($"clients[{i}].id", $"'{Clients[i].Id}' is registered twice");
            }
        }
    }
}
