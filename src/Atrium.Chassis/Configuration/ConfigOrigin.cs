namespace Atrium.Chassis.Configuration;

/// <summary>Where a config value came from: a line and column of the file, or an environment variable.</summary>
/// <param name="Line">1-based line; 0 when unknown or set by a variable.</param>
/// <param name="Column">1-based column; 0 when unknown or set by a variable.</param>
/// <param name="Variable">The <c>ATRIUM__...</c> variable that set it; <c>null</c> for the file.</param>
internal readonly record struct ConfigOrigin(int Line, int Column, string? Variable);
