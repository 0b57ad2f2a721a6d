namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestRouteMatch
{
    public string? Path { get; set; }

    public IReadOnlyList<string> Methods { get; init; } = [];

    public bool CaseSensitive { get; set; } = true;
}
