namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="ChargeRpcTests"/> with payments on its SQLite file.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ChargeRpcOnSqliteTests(PaymentsHostFixture payments) : ChargeRpcTests(payments);
