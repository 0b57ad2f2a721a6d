using Atrium.Commands;

return await Cli.Create().Parse(args).InvokeAsync(new() { ProcessTerminationTimeout = null }).ConfigureAwait(false);
