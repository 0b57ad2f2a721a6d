using System.CommandLine;
using System.Globalization;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;

namespace Atrium.Commands;

/// <summary>
/// <c>atrium config push FILE</c>, <c>config history</c> and <c>config rollback --revision N</c>: the config center's
/// namespaces in etcd. etcd's address and credentials come from <c>config.etcd</c> of the config <c>run</c> would load
/// (<c>--config</c>, <c>ATRIUM_CONFIG</c>, <c>ATRIUM__...</c>), <c>--endpoints</c> and <c>--namespace</c> winning. A document
/// is validated as every process would layer it (over the embedded defaults) before it is written. Exit codes: 0 done,
/// 2 the document is invalid (every error listed, nothing written), 3 etcd unreachable, credentials refused, or no such
/// revision (the message starts with its code, e.g. <c>ETCD_UNREACHABLE</c>).
/// </summary>
internal static class ConfigCenterCommands
{
    public const int ExitInvalid = 2;
    public const int ExitEtcd = 3;

    public static IEnumerable<Command> Create(IReadOnlyDictionary<string, string?> environment)
    {
        var file = new Argument<FileInfo>("file") { Description = "The YAML document to publish (atrium.yaml's shape, without the config section)." };
        var push = new Command("push", "Validate a document and, only if valid, write it to a namespace; prints the new revision.");
        push.Arguments.Add(file);
        AddCommon(push, environment, async (context, ns, parseResult, token) =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"{path}: cannot be read: {ex.Message}").ConfigureAwait(false);
                return ExitInvalid;
            }

            return await WriteIfValidAsync(context, new ConfigCenterDocument(ns, 0, text), path, token).ConfigureAwait(false);
        });

        var history = new Command("history", "List a namespace's revisions, newest first: revision, size, SHA-256 prefix.");
        AddCommon(history, environment, async (context, ns, _, token) =>
        {
            var revisions = await context.Client.HistoryAsync(ns, token).ConfigureAwait(false);
            await context.Output.WriteLineAsync("REVISION  BYTES  SHA256        TIME").ConfigureAwait(false);
            foreach (var revision in revisions)
            {
                // etcd records no time for a revision.
                await context.Output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"{revision.Revision,8}  {revision.Size,5}  {revision.Sha256}  -")).ConfigureAwait(false);
            }

            if (revisions.Count == 0)
            {
                await context.Error.WriteLineAsync($"namespace '{ns}' has no document").ConfigureAwait(false);
            }

            return 0;
        });

        var revisionOption = new Option<long>("--revision") { Description = "The revision to restore (see config history).", Required = true };
        var rollback = new Command("rollback", "Write an earlier revision's document again (validated first); prints the new revision.");
        rollback.Options.Add(revisionOption);
        AddCommon(rollback, environment, async (context, ns, parseResult, token) =>
        {
            var revision = parseResult.GetValue(revisionOption);
            var old = await context.Client.GetAtAsync(ns, revision, token).ConfigureAwait(false);
            return await WriteIfValidAsync(context, old, $"etcd:{ns}@{revision}", token).ConfigureAwait(false);
        });

        return [push, history, rollback];
    }

    private static async Task<int> WriteIfValidAsync(CommandContext context, ConfigCenterDocument document, string name, CancellationToken token)
    {
        // Exactly what a process with no file and no overrides would load; the file and overrides of each process
        // still apply on top when it layers the document.
        var result = ConfigLoader.LoadWithOverrides(ConfigSource.ReadEmbedded(), ConfigSource.Embedded, Modules.CreateConfigSchema(), ConfigEnvironment.Empty, document);
        if (!result.Succeeded)
        {
            ConfigSource.WriteErrors(context.Error, result, name);
            await context.Error.WriteLineAsync($"{name}: {result.Errors.Count} error(s); nothing was written").ConfigureAwait(false);
            return ExitInvalid;
        }

        var revision = await context.Client.PutAsync(document.Namespace, document.Text, token).ConfigureAwait(false);
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{EtcdOptions.KeyOf(document.Namespace)}: revision {revision}")).ConfigureAwait(false);
        return 0;
    }

    private static void AddCommon(
        Command command, IReadOnlyDictionary<string, string?> environment, Func<CommandContext, string, ParseResult, CancellationToken, Task<int>> action)
    {
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace, e.g. prod. Default: config.etcd.namespace." };
        var endpoints = new Option<string[]>("--endpoints")
        {
            Description = "etcd client URLs, comma-separated or repeated. Default: config.etcd.endpoints.",
            AllowMultipleArgumentsPerToken = true,
        };
        var config = new Option<string?>("--config", "-c") { Description = $"The atrium.yaml whose config.etcd to use. Default: ${ConfigSource.EnvironmentVariable}, else the embedded defaults." };
        command.Options.Add(ns);
        command.Options.Add(endpoints);
        command.Options.Add(config);
        command.SetAction(async (parseResult, token) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var loaded = ConfigSource.Load(parseResult.GetValue(config), Modules.CreateConfigSchema(), environment);
            if (!loaded.Succeeded)
            {
                ConfigSource.WriteErrors(error, loaded, parseResult.GetValue(config) ?? ConfigSource.Embedded);
                return ExitInvalid;
            }

            var options = loaded.Config.Get<ConfigCenterOptions>(ConfigCenterOptions.Section).Etcd;
            var endpointList = (parseResult.GetValue(endpoints) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (endpointList.Count > 0)
            {
                options = new EtcdOptions { Endpoints = endpointList, Namespace = options.Namespace, Username = options.Username, PasswordFile = options.PasswordFile, Tls = options.Tls };
            }

            var name = parseResult.GetValue(ns) ?? options.Namespace;
            if (!EtcdOptions.IsValidNamespace(name) || options.Endpoints.Count == 0
                || options.Endpoints.Any(e => !Uri.TryCreate(e, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                await error.WriteLineAsync("atrium: USAGE: give --namespace (letters, digits, -, _, .) and --endpoints http://HOST:PORT (or set config.etcd)").ConfigureAwait(false);
                return ExitInvalid;
            }

            using var client = new EtcdConfigClient(options);
            try
            {
                return await action(new CommandContext(client, output, error), name, parseResult, token).ConfigureAwait(false);
            }
            catch (ConfigCenterException ex)
            {
                await error.WriteLineAsync($"atrium: {ex.Code}: {ex.Message}").ConfigureAwait(false);
                return ExitEtcd;
            }
        });
    }

    private sealed record CommandContext(EtcdConfigClient Client, TextWriter Output, TextWriter Error);
}
