namespace Atrium.Payments.Infrastructure;

/// <summary>The fixed ids of the system accounts, created at first start.</summary>
internal static class SystemAccounts
{
    /// <summary>The merchant account that charges are paid into.</summary>
    public static readonly Guid Merchant = new("00000000-0000-0000-0000-00000000a001");

    /// <summary>The funding account that starting balances come from.</summary>
    public static readonly Guid Funding = new("00000000-0000-0000-0000-00000000f001");
}
