namespace Atrium.Ordering.Tests.Application;

/// <summary>The tests that drive sagas against one real catalog and one real payments module.</summary>
[CollectionDefinition(Name)]
public sealed class SagaHostsCollection : ICollectionFixture<SagaHostsFixture>
{
    public const string Name = "saga hosts";
}
