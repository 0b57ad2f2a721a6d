using Atrium.Rpc;
using Atrium.Rpc.Client;
using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Modules;

namespace Atrium.Payments;

/// <summary>
/// The <c>payments</c> section of <c>atrium.yaml</c>: <c>listen</c> defaults to <c>http://127.0.0.1:8103</c> (the account
/// API) and <c>h2c://127.0.0.1:9103</c> (gRPC), the SQLite file is <c>payments.db</c>. Read at start, except the <see cref="ReloadableAttribute"/> keys,
/// which a reload applies live (consumers read them through <see cref="LiveOptions{T}"/>).
/// </summary>
public sealed class PaymentsOptions() : VerifyingServiceOptions(["http://127.0.0.1:8103", "h2c://127.0.0.1:9103"])
{
    /// <summary>The config section and module name.</summary>
    public const string Section = "payments";

    /// <summary>
    /// The demo balance, in minor units, moved from the funding account into each new user's account when it opens;
    /// 0 opens accounts empty. Default 100000 ($1,000.00).
    /// </summary>
    [Range(0, 1_000_000_000_000)]
    public long StartingBalance { get; set; } = 100_000;

    /// <summary>The currency of every account (ISO 4217, upper case). Default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// The credentials payments gets service tokens with for its calls to ordering (it asks whether a refund is the
    /// saga's compensation). Default client id <c>payments</c>, its secret in <c>service-secrets/payments</c> under
    /// <c>host.dataDirectory</c> (created when missing; identity's default client reads the same file), token URL
    /// <c>http://127.0.0.1:8101/connect/token</c>.
    /// </summary>
    public ServiceClientOptions Client { get; set; } = new() { Id = "payments", SecretFile = "service-secrets/payments" };

    /// <summary>Ordering's gRPC address (h2c). Default <c>http://127.0.0.1:9104</c>.</summary>
    public string OrderingAddress { get; set; } = "http://127.0.0.1:9104";

    /// <summary>The deadline of each call to ordering (sent as <c>grpc-timeout</c>). Default 1 s, under ordering's own 2 s deadline on the refund it waits for.</summary>
    [Reloadable]
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How the internal gRPC API is served: server reflection (default <c>auto</c>, on while every h2c listener is on
    /// loopback), message size limits (default 4 MiB each way), gzip responses (default off). See <see cref="GrpcOptions"/>.
    /// </summary>
    public GrpcOptions Grpc { get; set; } = new();

    /// <inheritdoc />
    public override void Validate(ConfigValidationContext context)
    {
        base.Validate(context);
        GrpcAddress.Validate(OrderingAddress, "orderingAddress", context);
        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            context.AddError("currency", $"'{Currency}' is not an upper-case ISO 4217 code");
        }
    }
}
