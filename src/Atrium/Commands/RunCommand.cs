using System.CommandLine;
using System.Runtime.InteropServices;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Configuration.Etcd;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Commands;

/// <summary>
/// <c>atrium run</c>: loads and validates the config with its <c>ATRIUM__...</c> environment overrides and, with
/// <c>config.etcd</c>, the namespace's document from etcd or its cache (fail fast, every error listed; exit 3 when etcd is
/// unreachable and nothing is cached), resolves the targets, starts
/// the modules in dependency order and, on SIGTERM or Ctrl-C, stops them in reverse while they drain. A second signal
/// exits at once.
/// </summary>
internal static partial class RunCommand
{
    public const int ExitConfigInvalid = 1;
    public const int ExitStartFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>config.etcd is set, etcd is unreachable and no document of the namespace is cached (or etcd refused the credentials).</summary>
    public const int ExitConfigCenterUnavailable = 3;

    public static Command Create(IReadOnlyDictionary<string, string?> environment)
    {
        var target = new Option<string[]>("--target", "-t")
        {
            Description = "Modules to run: all (default), gateway, identity, catalog, payments, ordering, or a comma list.",
            AllowMultipleArgumentsPerToken = true,
        };
        var config = new Option<string?>("--config", "-c")
        {
            Description = $"The atrium.yaml to use (hot-reloaded). Default: ${ConfigSource.EnvironmentVariable}, else the embedded defaults.",
        };
        var set = ConfigSource.CreateSetOption();
        var command = new Command("run", "Run modules (the default command).");
        command.Options.Add(target);
        command.Options.Add(config);
        command.Options.Add(set);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(target) ?? [], parseResult.GetValue(config), parseResult.GetValue(set) ?? [], environment, parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static async Task<int> RunAsync(
        string[] targets, string? configPath, string[] setArguments, IReadOnlyDictionary<string, string?> environment, TextWriter error)
    {
        var schema = Modules.CreateConfigSchema();
        var loaded = ConfigSource.Load(configPath, schema, environment, setArguments);
        if (!loaded.Succeeded)
        {
            ConfigSource.WriteErrors(error, loaded, configPath ?? ConfigSource.Embedded);
            await error.WriteLineAsync($"atrium: the config is invalid ({loaded.Errors.Count} error(s)); nothing was started.").ConfigureAwait(false);
            return ExitConfigInvalid;
        }

        ConfigCenterSource? center;
        ConfigCenterDocument? document;
        try
        {
            (loaded, center, document) = await ConfigCenterSource.LoadAsync(
                loaded.Config!, ConfigSource.ReadEmbedded(), NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConfigCenterException ex)
        {
            await error.WriteLineAsync($"atrium: {ex.Code}: {ex.Message}; nothing was started.").ConfigureAwait(false);
            return ExitConfigCenterUnavailable;
        }

        using var centerSource = center;
        if (!loaded.Succeeded)
        {
            ConfigSource.WriteErrors(error, loaded, configPath ?? ConfigSource.Embedded);
            await error.WriteLineAsync($"atrium: the config is invalid ({loaded.Errors.Count} error(s)); nothing was started.").ConfigureAwait(false);
            return ExitConfigInvalid;
        }

        var registry = Modules.CreateRegistry();
        var resolution = registry.Resolve(targets, Modules.DefaultTarget);
        if (!resolution.Succeeded)
        {
            foreach (var message in resolution.Errors)
            {
                await error.WriteLineAsync($"atrium: {message}").ConfigureAwait(false);
            }

            return ExitUsage;
        }

        var timeProvider = TimeProvider.System;
        var config = loaded.Config!;
        var host = config.Get<AtriumHostOptions>(AtriumHostOptions.Section);
        var names = resolution.StartOrder.Where(m => m.Visibility == ModuleVisibility.Public && m.Init is not null).Select(m => m.Name).ToList();
        var inlineCompletions = HostTuning.ApplySocketCompletions(host.SocketCompletions, Modules.AreFullyAsync(names));
        var logging = config.Get<LoggingOptions>(LoggingOptions.Section);
        using var loggerFactory = LoggerFactory.Create(builder =>
        {
            builder.AddAtriumConsole("atrium", logging.Format, timeProvider);
            builder.SetMinimumLevel(logging.Level);
            foreach (var (category, level) in logging.Overrides)
            {
                builder.AddFilter(category, level);
            }
        });
        var logger = loggerFactory.CreateLogger("Atrium");
        var telemetryOptions = config.Get<TelemetryOptions>(TelemetryOptions.Section);
        // The gateway, when it runs, reports the process's own series (runtime, static meters) on its admin /metrics.
        using var telemetry = AtriumTelemetry.Start(telemetryOptions, [.. names.OrderBy(n => n == "gateway" ? 0 : 1)], loggerFactory);
        using var store = new ConfigStore(config, schema, loggerFactory.CreateLogger<ConfigStore>(), timeProvider);
        if (center is not null)
        {
            store.UseConfigCenter(center, document!);
        }

        var context = new ModuleContext(names, loggerFactory, timeProvider, host.ShutdownTimeout);
        context.Share(store);
        context.Share(telemetry);
        Modules.ShareWith(context);

        var configSource = document is null ? config.Source : $"{config.Source} + {store.ConfigCenter!.Label}";
        LogStarting(logger, string.Join(", ", names), configSource, inlineCompletions ? "inline" : "thread pool");
        await using var manager = new ModuleManager(resolution.StartOrder, context);
        using var stop = new CancellationTokenSource();
        long firstSignal = 0;
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            var now = timeProvider.GetTimestamp();
            var first = Interlocked.CompareExchange(ref firstSignal, now, 0);
            // A second signal a moment later is someone insisting: exit without draining. One delivered twice at
            // once (a wrapper such as 'dotnet run' passing on what the terminal already sent) is not.
            if (first != 0 && timeProvider.GetElapsedTime(first, now) > TimeSpan.FromSeconds(1))
            {
                Environment.Exit(130);
            }

            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        try
        {
            await manager.StartAsync(stop.Token).ConfigureAwait(false);
        }
        catch (ModuleStartException ex)
        {
            await error.WriteLineAsync($"atrium: {ex.Message}").ConfigureAwait(false);
            return ExitStartFailed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await manager.StopAsync().ConfigureAwait(false);
            return 0;
        }

        LogRunning(logger, string.Join(", ", names));
        using var settle = StartupGarbage.CollectAfter(StartupGarbage.Delay, timeProvider);
        await WaitAsync(stop.Token).ConfigureAwait(false);
        LogStopping(logger, host.ShutdownTimeout.TotalSeconds);
        await manager.StopAsync().ConfigureAwait(false);
        LogStopped(logger);
        return 0;
    }

    private static async Task WaitAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The signal is the normal way out.
        }
    }

    [LoggerMessage(EventId = AtriumEventIds.Starting, Level = LogLevel.Information, Message = "Starting Atrium: targets {Targets}, config {ConfigSource}, socket completions {SocketCompletions}")]
    private static partial void LogStarting(ILogger logger, string targets, string configSource, string socketCompletions);

    [LoggerMessage(EventId = AtriumEventIds.Running, Level = LogLevel.Information, Message = "Atrium is running: {Targets}. Stop with Ctrl-C or SIGTERM")]
    private static partial void LogRunning(ILogger logger, string targets);

    [LoggerMessage(EventId = AtriumEventIds.Stopping, Level = LogLevel.Information, Message = "Stopping: draining each module for up to {DrainSeconds} s")]
    private static partial void LogStopping(ILogger logger, double drainSeconds);

    [LoggerMessage(EventId = AtriumEventIds.Stopped, Level = LogLevel.Information, Message = "Atrium stopped")]
    private static partial void LogStopped(ILogger logger);
}
