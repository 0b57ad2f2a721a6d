using Atrium.Payments.Domain;
using Atrium.Testing;

namespace Atrium.Payments.Tests.Domain;

public sealed class DomainDependencyTests
{
    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces() => DomainDependencies.ForeignImports("Atrium.Payments").ShouldBeEmpty();

    [Fact]
    public void DomainSources_DeclareOnlyTheDomainNamespace() =>
        DomainDependencies.DeclaredNamespaces("Atrium.Payments").ShouldBe(["namespace Atrium.Payments.Domain;"]);

    [Fact]
    public void DomainAssemblyTypes_ReferenceNothingOutsideTheBclAndTheDomain() =>
        DomainDependencies.ForeignTypeReferences(typeof(Account)).ShouldBeEmpty();
}
