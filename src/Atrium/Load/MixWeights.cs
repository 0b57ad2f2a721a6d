using System.Security.Cryptography;

namespace Atrium.Load;

/// <summary>Draws <see cref="MixTask"/>s with Online Boutique's weights: 1, 2, 10, 2, 3, 1 (19 in all).</summary>
internal static class MixWeights
{
    public static readonly IReadOnlyList<(MixTask Task, int Weight)> Weights =
    [
        (MixTask.Home, 1),
        (MixTask.Account, 2),
        (MixTask.Product, 10),
        (MixTask.Search, 2),
        (MixTask.MyOrders, 3),
        (MixTask.Checkout, 1),
    ];

    private static readonly int Total = Weights.Sum(w => w.Weight);

    /// <summary>The task a draw of <paramref name="roll"/> in [0, 19) falls on.</summary>
    public static MixTask Pick(int roll)
    {
        foreach (var (task, weight) in Weights)
        {
            if (roll < weight)
            {
                return task;
            }

            roll -= weight;
        }

        throw new ArgumentOutOfRangeException(nameof(roll), roll, "Past the total weight.");
    }

    public static MixTask Draw() => Pick(RandomNumberGenerator.GetInt32(Total));
}
