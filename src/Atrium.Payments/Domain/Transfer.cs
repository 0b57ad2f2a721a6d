namespace Atrium.Payments.Domain;

/// <summary>A completed transfer: its id and its two ledger entries.</summary>
/// <param name="Id">The transfer id both entries carry.</param>
/// <param name="Debit">The entry of the account the money left.</param>
/// <param name="Credit">The entry of the account the money arrived in.</param>
internal sealed record Transfer(Guid Id, LedgerEntry Debit, LedgerEntry Credit);
