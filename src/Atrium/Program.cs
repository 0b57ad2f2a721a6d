using System.Collections;
using Atrium.Commands;

// The one place the process environment is read: everything below takes it as a value, so tests pass their own.
// Names are case-insensitive on Windows only (elsewhere PATH and Path may both exist), as the platform has them.
var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(
    e => (string)e.Key, e => e.Value as string, OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
return await Cli.Create(environment).Parse(args).InvokeAsync(new() { ProcessTerminationTimeout = null }).ConfigureAwait(false);
