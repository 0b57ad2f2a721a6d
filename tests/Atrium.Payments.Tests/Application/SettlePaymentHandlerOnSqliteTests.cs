using Atrium.Payments.Tests.Api;

namespace Atrium.Payments.Tests.Application;

/// <summary><see cref="SettlePaymentHandlerTests"/> with payments on its SQLite file.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class SettlePaymentHandlerOnSqliteTests(PaymentsHostFixture payments) : SettlePaymentHandlerTests(payments);
