using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

/// <summary><see cref="OrderFlowTests"/> with every service on a PostgreSQL database of its own.</summary>
[Collection(StormCollection.Name)]
public sealed class OrderFlowOnPostgreSqlTests(AtriumAllOnPostgreSqlFixture atrium) : OrderFlowTests(atrium), IClassFixture<AtriumAllOnPostgreSqlFixture>;
