namespace Atrium.Payments.Tests.Api;

/// <summary><see cref="ConcurrencyTests"/> with payments on its SQLite file.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ConcurrencyOnSqliteTests(PaymentsHostFixture payments) : ConcurrencyTests(payments);
