using Atrium.Identity.Domain;
using Atrium.Testing;

namespace Atrium.Identity.Tests.Domain;

public sealed class DomainDependencyTests
{
    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces() => DomainDependencies.ForeignImports("Atrium.Identity").ShouldBeEmpty();

    [Fact]
    public void DomainSources_DeclareOnlyTheDomainNamespace() =>
        DomainDependencies.DeclaredNamespaces("Atrium.Identity").ShouldBe(["namespace Atrium.Identity.Domain;"]);

    [Fact]
    public void DomainAssemblyTypes_ReferenceNothingOutsideTheBclAndTheDomain() =>
        DomainDependencies.ForeignTypeReferences(typeof(User)).ShouldBeEmpty();
}
