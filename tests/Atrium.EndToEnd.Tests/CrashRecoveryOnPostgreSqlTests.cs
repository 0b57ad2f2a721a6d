using System.Collections.Concurrent;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary><see cref="CrashRecoveryTests"/> with every service on a PostgreSQL database of its own, kept across the restarts.</summary>
[Collection(StormCollection.Name)]
public sealed class CrashRecoveryOnPostgreSqlTests : CrashRecoveryTests
{
    protected override async Task<Func<string, string>?> DatabasesAsync()
    {
        var server = await PostgresServer.Shared;
        var databases = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        return service => databases.GetOrAdd(service, server.NewDatabase);
    }
}
