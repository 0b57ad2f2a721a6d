namespace Atrium.Payments.Tests.Api;

/// <summary>The tests that share one identity and one payments module on PostgreSQL (and so one set of books).</summary>
[CollectionDefinition(Name)]
public sealed class PaymentsOnPostgreSqlCollection : ICollectionFixture<PaymentsOnPostgreSqlFixture>
{
    public const string Name = "payments host on PostgreSQL";
}
