namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="ConcurrencyTests"/> with payments on PostgreSQL.</summary>
[Collection(PaymentsOnPostgreSqlCollection.Name)]
public sealed class ConcurrencyOnPostgreSqlTests(PaymentsOnPostgreSqlFixture payments) : ConcurrencyTests(payments);
