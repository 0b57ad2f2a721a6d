namespace Atrium.Gateway.Tests.RateLimiting;

/// <summary>
/// Rate precision runs after the assembly's parallel tests and alone, so its client keeps sending for the whole run.
/// Its bounds come from what the client saw, not from the wall clock, so a stall cannot fail it; this only keeps the
/// measured spans long.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PrecisionCollection
{
    public const string Name = "rate precision";
}
