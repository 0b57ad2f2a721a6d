using Atrium.Testing;

namespace Atrium.Identity.Tests.Api;

public sealed class IdentityConcurrencyOnPostgreSqlTests : IdentityConcurrencyTests
{
    protected override async Task<string> DatabaseYamlAsync() =>
        $"provider: postgresql\nconnectionString: \"{(await PostgresServer.Shared).NewDatabase("identity")}\"";
}
