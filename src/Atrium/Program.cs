using System.Collections;
using Atrium.Commands;

// The one place the process environment is read: everything below takes it as a value, so tests pass their own.
var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string);
return await Cli.Create(environment).Parse(args).InvokeAsync(new() { ProcessTerminationTimeout = null }).ConfigureAwait(false);
