using Atrium.Ordering.Domain;
using Atrium.Testing;

namespace Atrium.Ordering.Tests.Domain;

public sealed class DomainDependencyTests
{
    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces() => DomainDependencies.ForeignImports("Atrium.Ordering").ShouldBeEmpty();

    [Fact]
    public void DomainSources_DeclareOnlyTheDomainNamespace() =>
        DomainDependencies.DeclaredNamespaces("Atrium.Ordering").ShouldBe(["namespace Atrium.Ordering.Domain;"]);

    [Fact]
    public void DomainAssemblyTypes_ReferenceNothingOutsideTheBclAndTheDomain() =>
        DomainDependencies.ForeignTypeReferences(typeof(Order)).ShouldBeEmpty();
}
