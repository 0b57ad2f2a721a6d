using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestServiceRetry
{
    [Reloadable]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public int Workers { get; set; } = 4;
}
