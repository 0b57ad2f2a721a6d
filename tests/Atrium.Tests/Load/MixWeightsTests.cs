using Atrium.Load;

namespace Atrium.Tests.Load;

public sealed class MixWeightsTests
{
    [Fact]
    public void Pick_EveryRoll_FallsOnTheTasksInOnlineBoutiquesProportions()
    {
        var picks = Enumerable.Range(0, 19).Select(MixWeights.Pick).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());

        picks.ShouldBe(new Dictionary<MixTask, int>
        {
            [MixTask.Home] = 1, [MixTask.Account] = 2, [MixTask.Product] = 10, [MixTask.Search] = 2, [MixTask.MyOrders] = 3, [MixTask.Checkout] = 1,
        });
    }
}
