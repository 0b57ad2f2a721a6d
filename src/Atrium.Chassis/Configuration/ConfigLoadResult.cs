using System.Diagnostics.CodeAnalysis;

namespace Atrium.Chassis.Configuration;

/// <summary>The outcome of <see cref="ConfigLoader"/>: either a snapshot or every error found.</summary>
/// <param name="Config">The loaded snapshot; <c>null</c> when there are errors.</param>
/// <param name="Errors">Every error found, in document order; empty on success.</param>
public sealed record ConfigLoadResult(AtriumConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>Whether the file loaded and validated without errors.</summary>
    [MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null && Errors.Count == 0;
}
