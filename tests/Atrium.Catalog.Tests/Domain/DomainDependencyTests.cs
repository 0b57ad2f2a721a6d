using Atrium.Catalog.Domain;
using Atrium.Testing;

namespace Atrium.Catalog.Tests.Domain;

public sealed class DomainDependencyTests
{
    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces() => DomainDependencies.ForeignImports("Atrium.Catalog").ShouldBeEmpty();

    [Fact]
    public void DomainSources_DeclareOnlyTheDomainNamespace() =>
        DomainDependencies.DeclaredNamespaces("Atrium.Catalog").ShouldBe(["namespace Atrium.Catalog.Domain;"]);

    [Fact]
    public void DomainAssemblyTypes_ReferenceNothingOutsideTheBclAndTheDomain() =>
        DomainDependencies.ForeignTypeReferences(typeof(Product)).ShouldBeEmpty();
}
