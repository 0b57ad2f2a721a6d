namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestHostOptions
{
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int Workers { get; set; } = 4;

    public bool Verbose { get; set; }

    public TimeSpan? Grace { get; set; }
}
