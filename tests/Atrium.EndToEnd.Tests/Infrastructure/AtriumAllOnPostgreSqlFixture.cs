using Atrium.Testing;

namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <see cref="AtriumAllFixture"/> with every service on PostgreSQL (<c>provider: postgresql</c>), each on a new database
/// of its own on the tests' PostgreSQL server, created by the service at start.
/// </summary>
public sealed class AtriumAllOnPostgreSqlFixture : AtriumAllFixture
{
    protected override async Task<string> ConfigAsync()
    {
        var server = await PostgresServer.Shared;
        return AtriumConfig.Yaml(Ports, postgres: service => server.NewDatabase(service));
    }
}
