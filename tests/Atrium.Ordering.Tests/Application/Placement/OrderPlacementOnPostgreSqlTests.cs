using Atrium.Ordering.Tests.Api;

namespace Atrium.Ordering.Tests.Application.Placement;

/// <summary><see cref="OrderPlacementTests"/> with ordering on PostgreSQL.</summary>
public sealed class OrderPlacementOnPostgreSqlTests(OrderingOnPostgreSqlApiFixture api) : OrderPlacementTests(api), IClassFixture<OrderingOnPostgreSqlApiFixture>;
