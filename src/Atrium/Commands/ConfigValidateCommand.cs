using System.CommandLine;

namespace Atrium.Commands;

/// <summary>
/// <c>atrium config validate FILE</c>: loads and validates a config file exactly as <c>run</c> would, with the
/// <c>ATRIUM__...</c> variables of the environment and the <c>--set</c> arguments applied, and prints every error with its path in the file (or the
/// variable that set it). Exit code 0 when valid, 1 when not.
/// </summary>
internal static class ConfigValidateCommand
{
    public static Command Create(IReadOnlyDictionary<string, string?> environment)
    {
        var file = new Argument<FileInfo>("file") { Description = "The atrium.yaml to check." };
        var set = ConfigSource.CreateSetOption();
        var validate = new Command("validate", "Check a config file, with the ATRIUM__... environment overrides and --set arguments applied, and print every error with its path.");
        validate.Arguments.Add(file);
        validate.Options.Add(set);
        validate.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            var result = ConfigSource.Load(path, Modules.CreateConfigSchema(), environment, parseResult.GetValue(set));
            if (result.Succeeded)
            {
                parseResult.InvocationConfiguration.Output.WriteLine($"{path}: valid");
                return 0;
            }

            var error = parseResult.InvocationConfiguration.Error;
            ConfigSource.WriteErrors(error, result, path);
            error.WriteLine($"{path}: {result.Errors.Count} error(s)");
            return 1;
        });

        var config = new Command("config", "Work with config files and the etcd config center.");
        config.Subcommands.Add(validate);
        config.Subcommands.Add(ConfigShowCommand.Create(environment));
        foreach (var command in ConfigCenterCommands.Create(environment))
        {
            config.Subcommands.Add(command);
        }
        return config;
    }
}
