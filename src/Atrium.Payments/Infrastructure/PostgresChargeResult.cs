using Atrium.Payments.Domain;

namespace Atrium.Payments.Infrastructure;

/// <summary>What <see cref="PostgresCharge.RunAsync"/> did.</summary>
/// <param name="Entered">Whether it wrote the barrier row (and the payment): a first charge.</param>
/// <param name="Debited">The user's account after the debit; <see langword="null"/> when the funds were short (the payment is Declined) or nothing was entered.</param>
/// <param name="Credited">The merchant sub-account after the credit; <see langword="null"/> with <paramref name="Debited"/>.</param>
internal sealed record PostgresChargeResult(bool Entered, AccountBalance? Debited, AccountBalance? Credited);
