namespace Atrium.Chassis.Modularity;

/// <summary>A module could not start; every module started before it has been stopped again.</summary>
public sealed class ModuleStartException : Exception
{
    /// <summary>Creates the exception for <paramref name="module"/>.</summary>
    public ModuleStartException(string module, Exception innerException)
        : base($"Module '{module}' failed to start: {innerException?.Message}", innerException)
    {
        Module = module;
    }

    /// <summary>The module that failed.</summary>
    public string Module { get; }
}
