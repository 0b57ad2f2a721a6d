using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Security;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Testing;

/// <summary>
/// Runs one real module in-process exactly as <c>atrium run</c> would: its config section loaded through the
/// strict loader, a <see cref="ConfigStore"/>, a <see cref="ModuleContext"/> sharing the store and the process's
/// telemetry, then the module's init function and <c>StartAsync</c>. Listens on a free loopback port; keeps its data
/// in a temp directory that it deletes on dispose unless the test keeps it for a restart.
/// </summary>
public sealed class ModuleTestHost : IAsyncDisposable
{
    private readonly IModuleService _module;
    private readonly bool _deleteData;
    private readonly Func<string, string> _configText;

    private ModuleTestHost(
        IModuleService module, ModuleContext context, ConfigStore store, int port, int rpcPort, string dataDirectory, bool deleteData, Func<string, string> configText)
    {
        _configText = configText;
        _module = module;
        Context = context;
        Store = store;
        Port = port;
        RpcPort = rpcPort;
        DataDirectory = dataDirectory;
        _deleteData = deleteData;
    }

    public ConfigStore Store { get; }

    /// <summary>The module's context: what it shares with other modules of the process (the event transport, say).</summary>
    public ModuleContext Context { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The h2c (gRPC) listener's port when started with <c>rpc: true</c>, else 0.</summary>
    public int RpcPort { get; }

    /// <summary>The h2c (gRPC) listener, for <c>GrpcChannels.Create</c> (HTTP/2 with prior knowledge on <c>http://</c>).</summary>
    public Uri RpcAddress => RpcPort > 0 ? new($"http://127.0.0.1:{RpcPort}") : throw new InvalidOperationException("Start the host with rpc: true.");

    /// <summary>
    /// Starts a module. <paramref name="sectionYaml"/> is the body of its section (keys at column 0) without
    /// <c>listen</c>, which the host sets: an HTTP/1.1 listener and, with <paramref name="rpc"/>, an h2c one for gRPC.
    /// <paramref name="logs"/> gets every log entry of the module as well as stdout. <paramref name="time"/> is the
    /// module's clock (the system's by default). <paramref name="telemetry"/> is the module's telemetry (by default the
    /// one <see cref="SharedTelemetry"/> of the test process, never stopped). With <paramref name="configFile"/>, the config
    /// is read from a file of its own, so that <see cref="ReloadAsync"/> can change it as an operator would. With
    /// <paramref name="adminToken"/>, the process shares that admin token, as <c>atrium run</c> does before any module.
    /// </summary>
    public static async Task<ModuleTestHost> StartAsync<TOptions>(
        string section, ModuleInit init, string sectionYaml = "", string? dataDirectory = null, bool keepData = false, bool rpc = false,
        ILoggerProvider? logs = null, TimeProvider? time = null, AtriumTelemetry? telemetry = null, bool configFile = false, string? adminToken = null)
        where TOptions : class, new()
    {
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"atrium-tests-{Guid.NewGuid():N}");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var rpcPort = rpc ? FreePort.Next() : 0;
            var listen = rpc ? $"\"http://127.0.0.1:{port}\", \"h2c://127.0.0.1:{rpcPort}\"" : $"\"http://127.0.0.1:{port}\"";
            string ConfigText(string body) =>
                $"host:\n  dataDirectory: \"{data}\"\n  shutdownTimeout: 2s\n{section}:\n  listen: [{listen}]\n"
                + string.Join("\n", body.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l)) + "\n";
            var yaml = ConfigText(sectionYaml);
            var source = AtriumConfig.EmbeddedSource;
            if (configFile)
            {
                source = Path.Combine(Path.GetTempPath(), $"atrium-tests-config-{Guid.NewGuid():N}.yaml");
                await File.WriteAllTextAsync(source, yaml);
            }

            var schema = new ConfigSchema()
                .Add<AtriumHostOptions>(AtriumHostOptions.Section)
                .Add<TelemetryOptions>(TelemetryOptions.Section)
                .Add<LoggingOptions>(LoggingOptions.Section, reloadable: true)
                .Add<TOptions>(section);
            var loaded = ConfigLoader.Load(yaml, source, schema);
            if (!loaded.Succeeded)
            {
                throw new InvalidOperationException("Test config is invalid:\n" + string.Join("\n", loaded.Errors) + "\n" + yaml);
            }

            var store = new ConfigStore(loaded.Config!, schema, NullLogger<ConfigStore>.Instance, TimeProvider.System);
            var context = new ModuleContext([section], NullLoggerFactory.Instance, time ?? TimeProvider.System, TimeSpan.FromSeconds(2));
            context.Share(store);
            context.Share(telemetry ?? SharedTelemetry.Instance);
            context.Share(SharedEventTypes.Instance);
            if (logs is not null)
            {
                context.Share(logs);
            }

            if (adminToken is not null)
            {
                context.Share(new AdminToken(adminToken));
            }

            var module = init(context) ?? throw new InvalidOperationException($"Module '{section}' has nothing to start.");
            try
            {
                await module.StartAsync(CancellationToken.None);
                return new ModuleTestHost(module, context, store, port, rpcPort, data, deleteData: !keepData && dataDirectory is null, ConfigText);
            }
            catch (IOException) when (attempt < 3)
            {
                // Another test took the port between FreePort and the bind.
                await module.StopAsync(CancellationToken.None);
                store.Dispose();
                if (configFile)
                {
                    File.Delete(source);
                }
            }
        }
    }

    /// <summary>
    /// Rewrites the config file (a host started with <c>configFile: true</c>) with <paramref name="sectionYaml"/> as the
    /// module's section, listeners unchanged, and reloads it as <c>POST /admin/reload</c> would.
    /// </summary>
    public async Task<ConfigReloadResult> ReloadAsync(string sectionYaml)
    {
        if (Store.Current.Source == AtriumConfig.EmbeddedSource)
        {
            throw new InvalidOperationException("Start the host with configFile: true.");
        }

        await File.WriteAllTextAsync(Store.Current.Source, _configText(sectionYaml));
        return Store.Reload();
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await _module.StopAsync(CancellationToken.None);
        Store.Dispose();
        if (Store.Current.Source != AtriumConfig.EmbeddedSource)
        {
            File.Delete(Store.Current.Source);
        }

        if (_deleteData && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
