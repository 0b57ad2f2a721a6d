namespace Atrium.Ordering.Tests.Application.ReadModel;

/// <summary><see cref="OrderViewProjectorTests"/> on the read model's SQLite file.</summary>
public sealed class OrderViewProjectorOnSqliteTests : OrderViewProjectorTests;
