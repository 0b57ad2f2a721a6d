using Atrium.Testing;

namespace Atrium.Identity.Tests.Infrastructure;

/// <summary>Identity reads every service client's secret at start, and refuses to start naming every one it cannot use.</summary>
public sealed class ServiceClientLoaderTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"atrium-identity-clients-{Guid.NewGuid():N}");

    public ServiceClientLoaderTests() => Directory.CreateDirectory(_data);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Start_SecretFilesTooShort_RefusesToStartNamingEachFileButNoSecret()
    {
        File.WriteAllText(Path.Combine(_data, "ordering-secret"), "short-one\n");
        File.WriteAllText(Path.Combine(_data, "reports-secret"), "\n");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => ModuleTestHost.StartAsync<IdentityOptions>(
            IdentityOptions.Section,
            IdentityModule.Init,
            """
            clients:
              - id: ordering
                secretFile: ordering-secret
                scopes: [payments.charge]
              - id: reports
                secretFile: reports-secret
                scopes: [catalog.products.read]
            """,
            dataDirectory: _data));

        refused.Message.ShouldBe(
            "The service clients' secrets cannot be read:\n"
            + $"identity.clients[0].secretFile: '{Path.Combine(_data, "ordering-secret")}' holds a secret of 9 characters; it needs at least 16 (delete the file to have a new one made)\n"
            + $"identity.clients[1].secretFile: '{Path.Combine(_data, "reports-secret")}' holds a secret of 0 characters; it needs at least 16 (delete the file to have a new one made)");
        refused.Message.ShouldNotContain("short-one");
    }
}
