using Atrium.Payments.Tests.Api;

namespace Atrium.Payments.Tests.Application;

/// <summary><see cref="OpenAccountHandlerTests"/> with payments on its SQLite file.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class OpenAccountHandlerOnSqliteTests(PaymentsHostFixture payments) : OpenAccountHandlerTests(payments);
