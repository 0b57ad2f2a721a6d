using Atrium.Testing;

namespace Atrium.Gateway.Tests;

public sealed class AssemblyDependencyTests
{
    [Fact]
    public void Gateway_References_NoDataAccess()
    {
        AssemblyReferences.Matching(typeof(GatewayModule).Assembly, AssemblyReferences.DataAccess).ShouldBeEmpty();
    }
}
