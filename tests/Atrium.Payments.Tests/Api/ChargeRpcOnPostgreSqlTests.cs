namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="ChargeRpcTests"/> with payments on PostgreSQL.</summary>
[Collection(PaymentsOnPostgreSqlCollection.Name)]
public sealed class ChargeRpcOnPostgreSqlTests(PaymentsOnPostgreSqlFixture payments) : ChargeRpcTests(payments);
