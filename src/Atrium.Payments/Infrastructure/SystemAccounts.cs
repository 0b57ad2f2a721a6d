namespace Atrium.Payments.Infrastructure;

/// <summary>The fixed ids of the system accounts, created at first start.</summary>
internal static class SystemAccounts
{
    /// <summary>
    /// How many sub-accounts hold the merchant's money. Every charge credits one of them, chosen by its order id, so
    /// that concurrent charges spread over this many rows instead of queuing on one; the merchant's balance is their
    /// sum. 16 leaves two charges meeting on a row rarely even at a few hundred in flight, and costs a 16-row sum on
    /// the summary. Changing it moves no money: a refund debits the sub-account its capture credited (from the
    /// ledger), not the one its order id names now.
    /// </summary>
    public const int MerchantShardCount = 16;

    /// <summary>The first merchant sub-account: the one merchant account of earlier versions, so its balance carries over.</summary>
    public static readonly Guid Merchant = new("00000000-0000-0000-0000-00000000a001");

    /// <summary>The merchant's sub-accounts, <see cref="Merchant"/> first; ids <c>...a001</c> to <c>...a010</c>.</summary>
    public static readonly IReadOnlyList<Guid> MerchantShards =
        [.. Enumerable.Range(1, MerchantShardCount).Select(i => new Guid($"00000000-0000-0000-0000-00000000a{i:x3}"))];

    /// <summary>The funding account that starting balances come from.</summary>
    public static readonly Guid Funding = new("00000000-0000-0000-0000-00000000f001");

    /// <summary>
    /// The merchant sub-account a charge of <paramref name="orderId"/> credits: FNV-1a of the id's characters, so the
    /// choice is the same in every process and run (unlike <see cref="string.GetHashCode()"/>).
    /// </summary>
    public static Guid MerchantShardOf(string orderId)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        var hash = 2166136261u;
        foreach (var c in orderId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return MerchantShards[(int)(hash % MerchantShardCount)];
    }
}
