using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A service's database with the schema created, on one provider or the other.</summary>
internal interface IServiceDatabase
{
    /// <summary>Points a context's options at this database.</summary>
    void Configure(DbContextOptionsBuilder options);

    /// <summary>A context of its own, outside any host.</summary>
    TestDb CreateContext();
}
