namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="RefundRpcTests"/> with payments on PostgreSQL.</summary>
[Collection(PaymentsOnPostgreSqlCollection.Name)]
public sealed class RefundRpcOnPostgreSqlTests(PaymentsOnPostgreSqlFixture payments) : RefundRpcTests(payments);
