using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Errors;
using Atrium.Testing;

namespace Atrium.Chassis.Tests;

/// <summary>The chassis core holds no data access and no business contracts; those come in through Atrium.Chassis.Data.</summary>
public sealed class AssemblyDependencyTests
{
    [Fact]
    public void Core_References_NoDataAccessOrContracts()
    {
        AssemblyReferences.Matching(typeof(ErrorCodes).Assembly, [.. AssemblyReferences.DataAccess, "Atrium.Contracts"]).ShouldBeEmpty();
    }

    [Fact]
    public void Data_References_TheCoreAndDataAccess()
    {
        // Guards the test above against a check that matches nothing: the data assembly is where these references went.
        var references = AssemblyReferences.Matching(typeof(OutboxWriter).Assembly, ["Atrium.Chassis", .. AssemblyReferences.DataAccess]);
        references.ShouldContain("Atrium.Chassis");
        references.ShouldContain("Microsoft.EntityFrameworkCore");
        references.ShouldContain("RabbitMQ.Client");
    }
}
