using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Telemetry;
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

    private ModuleTestHost(IModuleService module, ModuleContext context, ConfigStore store, int port, string dataDirectory, bool deleteData)
    {
        _module = module;
        Context = context;
        Store = store;
        Port = port;
        DataDirectory = dataDirectory;
        _deleteData = deleteData;
    }

    public ConfigStore Store { get; }

    /// <summary>The module's context: what it shares with other modules of the process (the event transport, say).</summary>
    public ModuleContext Context { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>
    /// Starts a module. <paramref name="sectionYaml"/> is the body of its section (keys at column 0) without
    /// <c>listen</c>, which the host sets.
    /// </summary>
    public static async Task<ModuleTestHost> StartAsync<TOptions>(
        string section, ModuleInit init, string sectionYaml = "", string? dataDirectory = null, bool keepData = false)
        where TOptions : class, new()
    {
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"atrium-tests-{Guid.NewGuid():N}");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var body = string.Join("\n", sectionYaml.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l));
            var yaml = $"host:\n  dataDirectory: \"{data}\"\n  shutdownTimeout: 2s\n{section}:\n  listen: [\"http://127.0.0.1:{port}\"]\n{body}\n";
            var schema = new ConfigSchema()
                .Add<AtriumHostOptions>(AtriumHostOptions.Section)
                .Add<TelemetryOptions>(TelemetryOptions.Section)
                .Add<LoggingOptions>(LoggingOptions.Section, reloadable: true)
                .Add<TOptions>(section);
            var loaded = ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, schema);
            if (!loaded.Succeeded)
            {
                throw new InvalidOperationException("Test config is invalid:\n" + string.Join("\n", loaded.Errors) + "\n" + yaml);
            }

            var store = new ConfigStore(loaded.Config!, schema, NullLogger<ConfigStore>.Instance, TimeProvider.System);
            var context = new ModuleContext([section], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(2));
            context.Share(store);
            context.Share(SharedTelemetry.Instance);
            var module = init(context) ?? throw new InvalidOperationException($"Module '{section}' has nothing to start.");
            try
            {
                await module.StartAsync(CancellationToken.None);
                return new ModuleTestHost(module, context, store, port, data, deleteData: !keepData && dataDirectory is null);
            }
            catch (IOException) when (attempt < 3)
            {
                // Another test took the port between FreePort and the bind.
                await module.StopAsync(CancellationToken.None);
                store.Dispose();
            }
        }
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await _module.StopAsync(CancellationToken.None);
        Store.Dispose();
        if (_deleteData && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
