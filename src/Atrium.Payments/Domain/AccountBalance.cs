namespace Atrium.Payments.Domain;

/// <summary>An account's balance as a statement that changed it returned it.</summary>
/// <param name="Id">The account's id.</param>
/// <param name="Balance">Its balance after the change, in minor units.</param>
internal readonly record struct AccountBalance(Guid Id, long Balance);
