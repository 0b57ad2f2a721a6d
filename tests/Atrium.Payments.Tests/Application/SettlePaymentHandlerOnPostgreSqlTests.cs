using Atrium.Payments.Tests.Api;

namespace Atrium.Payments.Tests.Application;

/// <summary><see cref="SettlePaymentHandlerTests"/> with payments on PostgreSQL.</summary>
[Collection(PaymentsOnPostgreSqlCollection.Name)]
public sealed class SettlePaymentHandlerOnPostgreSqlTests(PaymentsOnPostgreSqlFixture payments) : SettlePaymentHandlerTests(payments);
