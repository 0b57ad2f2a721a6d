namespace Atrium.Identity.Tests.Api;

public sealed class IdentityConcurrencyOnSqliteTests : IdentityConcurrencyTests
{
    protected override Task<string> DatabaseYamlAsync() => Task.FromResult("provider: sqlite");
}
