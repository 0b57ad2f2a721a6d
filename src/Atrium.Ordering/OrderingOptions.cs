using Atrium.Rpc;
using Atrium.Rpc.Client;
using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Modules;

namespace Atrium.Ordering;

/// <summary>
/// The <c>ordering</c> section of <c>atrium.yaml</c>: <c>listen</c> defaults to <c>http://127.0.0.1:8104</c> and
/// <c>h2c://127.0.0.1:9104</c> (gRPC health), the SQLite file is <c>ordering.db</c> with the read model in a file of its
/// own beside it (<c>ordering-read.db</c>, or the configured file's name with <c>-read</c> before its extension); on
/// PostgreSQL the read model shares the database. Read at start, except the <see cref="ReloadableAttribute"/> keys,
/// which a reload applies live (consumers read them through <see cref="LiveOptions{T}"/>).
/// </summary>
public sealed class OrderingOptions() : VerifyingServiceOptions(["http://127.0.0.1:8104", "h2c://127.0.0.1:9104"])
{
    /// <summary>The config section and module name.</summary>
    public const string Section = "ordering";

    /// <summary>
    /// The credentials ordering gets service tokens with for its calls to identity, catalog and payments. Default client
    /// id <c>ordering</c>, its secret in <c>service-secrets/ordering</c> under <c>host.dataDirectory</c> (created when
    /// missing; identity's default client reads the same file), token URL <c>http://127.0.0.1:8101/connect/token</c>.
    /// </summary>
    public ServiceClientOptions Client { get; set; } = new() { Id = "ordering", SecretFile = "service-secrets/ordering" };

    /// <summary>Identity's gRPC address (h2c). Default <c>http://127.0.0.1:9101</c>.</summary>
    public string IdentityAddress { get; set; } = "http://127.0.0.1:9101";

    /// <summary>The catalog's gRPC address (h2c). Default <c>http://127.0.0.1:9102</c>.</summary>
    public string CatalogAddress { get; set; } = "http://127.0.0.1:9102";

    /// <summary>The payments gRPC address (h2c). Default <c>http://127.0.0.1:9103</c>.</summary>
    public string PaymentsAddress { get; set; } = "http://127.0.0.1:9103";

    /// <summary>The deadline of each internal call (sent as <c>grpc-timeout</c>). Default 2 s.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a saga may take to reserve and charge; after that an uncertain step is compensated and the order is
    /// Cancelled with <c>DEADLINE_EXCEEDED</c>. Default 15 s.
    /// </summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SagaTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The wait before a failed step's second attempt; it doubles per attempt up to <see cref="RetryMaxDelay"/>, with jitter. Default 50 ms.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between two attempts of a step. Default 2 s.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the recovery worker looks for sagas due to run (after a retry delay or a restart). Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest <c>GET /api/orders/{id}</c> waits for a Pending order to finish when the client asks with
    /// <c>Prefer: wait=SECONDS</c> (RFC 7240); longer requests are cut to this. 0 turns waiting off. Default 4 s, under
    /// the default gateway route timeout of 5 s.
    /// </summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long placement trusts identity's word that a user exists before asking again; 0 asks on every order.
    /// Default 1 min.
    /// </summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UserCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long placement reuses a product's price from the catalog before asking again; 0 asks on every order. A
    /// product's price does not change after it is created, so this only bounds what a future price change would
    /// miss. Default 1 min.
    /// </summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ProductCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many sagas run at once. Default 64.</summary>
    [Range(1, 4096)]
    public int MaxConcurrentSagas { get; set; } = 64;

    /// <summary>
    /// How the internal gRPC API is served: server reflection (default <c>auto</c>, on while every h2c listener is on
    /// loopback), message size limits (default 4 MiB each way), gzip responses (default off). See <see cref="GrpcOptions"/>.
    /// </summary>
    public GrpcOptions Grpc { get; set; } = new();

    /// <inheritdoc />
    public override void Validate(ConfigValidationContext context)
    {
        base.Validate(context);
        GrpcAddress.Validate(IdentityAddress, "identityAddress", context);
        GrpcAddress.Validate(CatalogAddress, "catalogAddress", context);
        GrpcAddress.Validate(PaymentsAddress, "paymentsAddress", context);
        if (RetryMaxDelay < RetryBaseDelay)
        {
            context.AddError("retryMaxDelay", "must not be less than retryBaseDelay");
        }
    }
}
