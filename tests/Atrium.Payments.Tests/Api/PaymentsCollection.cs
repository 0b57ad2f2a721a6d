namespace Atrium.Payments.Tests.Api;

/// <summary>The tests that share one identity and one payments module (and so one set of books).</summary>
[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsHostFixture>
{
    public const string Name = "payments host";
}
