namespace Atrium.Load;

/// <summary>What each iteration of <c>atrium load</c> does (docs/load.md, "Scenarios").</summary>
internal enum LoadScenario
{
    /// <summary>Anonymous: a catalog page, then product pages.</summary>
    Browse,

    /// <summary>A signed-in customer browses, places an order, follows it to its final state and reads the balance.</summary>
    Shop,

    /// <summary>One task per iteration, drawn with the weights of Online Boutique's load generator.</summary>
    Mix,

    /// <summary>Only place an order and follow it: what bench/orders.sh measures.</summary>
    Order,
}
