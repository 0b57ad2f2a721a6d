namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The order storms (the order flow on each provider, the crash test): run one after another rather than at once, so
/// that each has the machine's cores to itself beside the lighter suites.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StormCollection
{
    public const string Name = "order storms";
}
