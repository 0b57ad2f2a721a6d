using Atrium.Ordering.Tests.Api;

namespace Atrium.Ordering.Tests.Application.Placement;

/// <summary><see cref="OrderPlacementTests"/> with ordering on its SQLite files.</summary>
public sealed class OrderPlacementOnSqliteTests(OrderingApiFixture api) : OrderPlacementTests(api), IClassFixture<OrderingApiFixture>;
