using Atrium.Testing;

namespace Atrium.Rpc.Tests;

public sealed class AssemblyDependencyTests
{
    [Fact]
    public void Rpc_References_NoDataAccess()
    {
        AssemblyReferences.Matching(typeof(GrpcOptions).Assembly, AssemblyReferences.DataAccess).ShouldBeEmpty();
    }
}
