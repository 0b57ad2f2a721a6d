using Atrium.Payments.Tests.Api;

namespace Atrium.Payments.Tests.Application;

/// <summary><see cref="OpenAccountHandlerTests"/> with payments on PostgreSQL.</summary>
[Collection(PaymentsOnPostgreSqlCollection.Name)]
public sealed class OpenAccountHandlerOnPostgreSqlTests(PaymentsOnPostgreSqlFixture payments) : OpenAccountHandlerTests(payments);
