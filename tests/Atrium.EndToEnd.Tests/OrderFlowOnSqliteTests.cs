using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

/// <summary><see cref="OrderFlowTests"/> with every service on its SQLite file (the default config).</summary>
[Collection(StormCollection.Name)]
public sealed class OrderFlowOnSqliteTests(AtriumAllFixture atrium) : OrderFlowTests(atrium), IClassFixture<AtriumAllFixture>;
