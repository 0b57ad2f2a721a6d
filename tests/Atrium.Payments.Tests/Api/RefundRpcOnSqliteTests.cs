namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="RefundRpcTests"/> with payments on its SQLite file.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class RefundRpcOnSqliteTests(PaymentsHostFixture payments) : RefundRpcTests(payments);
