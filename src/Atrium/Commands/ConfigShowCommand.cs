using System.CommandLine;
using Atrium.Chassis.Configuration.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Commands;

/// <summary>
/// <c>atrium config show [--sources] [--config FILE] [--set key.path=value]...</c>: loads the config exactly as
/// <c>run</c> would and prints the merged result as YAML with every secret redacted; with <c>--sources</c> each value
/// is followed by where it came from (<c>default</c>, <c>file:PATH</c>, <c>etcd:NAMESPACE@REVISION</c>, <c>env:NAME</c>, <c>--set</c>). With
/// <c>config.etcd</c> the namespace's document is layered in (from the cache when etcd is unreachable). Exit code 0,
/// 2 with every error listed, 3 when etcd is unreachable and nothing is cached.
/// </summary>
internal static class ConfigShowCommand
{
    public const int ExitConfigInvalid = 2;

    public static Command Create(IReadOnlyDictionary<string, string?> environment)
    {
        var sources = new Option<bool>("--sources") { Description = "Annotate each value with where it came from: default, file:PATH, etcd:NAMESPACE@REVISION, env:NAME or --set." };
        var config = new Option<string?>("--config", "-c")
        {
            Description = $"The atrium.yaml to read. Default: ${ConfigSource.EnvironmentVariable}, else the embedded defaults.",
        };
        var set = ConfigSource.CreateSetOption();
        var show = new Command("show", "Print the effective config (defaults, file, ATRIUM__... variables, --set) as YAML with secrets redacted.");
        show.Options.Add(sources);
        show.Options.Add(config);
        show.Options.Add(set);
        show.SetAction(async (parseResult, token) =>
        {
            var path = parseResult.GetValue(config);
            var result = ConfigSource.Load(path, Modules.CreateConfigSchema(), environment, parseResult.GetValue(set));
            if (result.Succeeded)
            {
                try
                {
                    var (layered, center, _) = await ConfigCenterSource.LoadAsync(result.Config, ConfigSource.ReadEmbedded(), NullLogger.Instance, token, writeCache: false).ConfigureAwait(false);
                    center?.Dispose();
                    result = layered;
                }
                catch (ConfigCenterException ex)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"atrium: {ex.Code}: {ex.Message}").ConfigureAwait(false);
                    return ConfigCenterCommands.ExitEtcd;
                }
            }

            if (result.Succeeded)
            {
                parseResult.InvocationConfiguration.Output.Write(result.Config.ToRedactedYaml(parseResult.GetValue(sources)));
                return 0;
            }

            var error = parseResult.InvocationConfiguration.Error;
            var source = path ?? environment.GetValueOrDefault(ConfigSource.EnvironmentVariable) ?? ConfigSource.Embedded;
            ConfigSource.WriteErrors(error, result, source);
            error.WriteLine($"{source}: {result.Errors.Count} error(s)");
            return ExitConfigInvalid;
        });
        return show;
    }
}
