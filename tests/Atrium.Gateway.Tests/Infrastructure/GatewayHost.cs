using System.Net.Http.Headers;
using System.Text;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Modularity;
using Atrium.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway module, in process: config loaded with the Atrium schema, a <see cref="ConfigStore"/>, a
/// <see cref="ModuleContext"/> sharing the store and the process's telemetry, then <see cref="GatewayModule.Init"/>
/// and <c>StartAsync</c>. It listens on free loopback ports: an HTTP/1.1 and an h2c proxy listener and the admin API.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The admin API token of every host started without an <c>admin</c> block of its own.</summary>
    public const string AdminToken = "gateway-tests-admin-token-7c1f3a";

    /// <summary>The default lines under <c>gateway.admin</c> besides <c>listen</c>.</summary>
    public const string DefaultAdminYaml = $"token: \"{AdminToken}\"";

    private const int StartAttempts = 3;

    private readonly IModuleService _module;
    private readonly int _proxyPort;
    private readonly int _h2cPort;
    private readonly int _adminPort;
    private readonly StartOptions _options;
    private int _stopped;

    private GatewayHost(IModuleService module, ConfigStore store, string? configPath, int proxyPort, int h2cPort, int adminPort, StartOptions options)
    {
        _module = module;
        Store = store;
        ConfigPath = configPath;
        _proxyPort = proxyPort;
        _h2cPort = h2cPort;
        _adminPort = adminPort;
        _options = options;
    }

    public ConfigStore Store { get; }

    /// <summary>The config file, when started with <c>fromFile</c> (hot reload); otherwise <see langword="null"/>.</summary>
    public string? ConfigPath { get; }

    public Uri ProxyAddress => new($"http://127.0.0.1:{_proxyPort}");

    public Uri H2cAddress => new($"http://127.0.0.1:{_h2cPort}");

    public Uri AdminAddress => new($"http://127.0.0.1:{_adminPort}");

    public int ProxyPort => _proxyPort;

    /// <summary>
    /// Starts a gateway whose <c>gateway</c> section holds <paramref name="gatewayYaml"/> (keys at column 0, e.g.
    /// <c>routes:</c> and <c>clusters:</c>) besides the listeners this host chooses.
    /// </summary>
    /// <param name="gatewayYaml">Routes, clusters and other reloadable gateway keys.</param>
    /// <param name="fromFile">Write the config to a temp file, so that it can be rewritten and reloaded.</param>
    /// <param name="time">The gateway's clock (breakers, ejections, probes, key refreshes); the system clock by default.</param>
    /// <param name="adminYaml">Keys under <c>gateway.admin</c> besides <c>listen</c>; <see cref="DefaultAdminYaml"/> when null.</param>
    /// <param name="dataDirectory">The <c>host.dataDirectory</c> (where a generated admin token goes); the default when null.</param>
    /// <param name="loggerFactory">Receives the module's start-up logs; none by default.</param>
    /// <param name="sectionsYaml">Other top-level sections (<c>telemetry:</c>...), written as they are.</param>
    public static Task<GatewayHost> StartAsync(
        string gatewayYaml, bool fromFile = false, TimeProvider? time = null, string? adminYaml = null, string? dataDirectory = null,
        ILoggerFactory? loggerFactory = null, string sectionsYaml = "") =>
        StartAsync(new StartOptions(gatewayYaml, adminYaml ?? DefaultAdminYaml, dataDirectory, fromFile, time, loggerFactory) { SectionsYaml = sectionsYaml });

    /// <summary>
    /// Starts a gateway whose whole <c>gateway</c> section is <paramref name="render"/>'s, given the proxy and admin
    /// ports to listen on (for a section that names its own listeners, such as the shipped one).
    /// </summary>
    public static Task<GatewayHost> StartWithSectionAsync(Func<int, int, string> render) =>
        StartAsync(new StartOptions("", DefaultAdminYaml, null, false, null, null, render));

    private static async Task<GatewayHost> StartAsync(StartOptions options)
    {
        var telemetry = SharedTelemetry.Instance;
        for (var attempt = 1; ; attempt++)
        {
            int proxyPort = FreePort.Next(), h2cPort = FreePort.Next(), adminPort = FreePort.Next();
            var text = Render(options, options.GatewayYaml, proxyPort, h2cPort, adminPort);
            var schema = TestConfigSchema.Create();
            string? path = null;
            ConfigLoadResult loaded;
            if (options.FromFile)
            {
                path = Path.Combine(Path.GetTempPath(), $"atrium-gateway-tests-{Guid.NewGuid():N}.yaml");
                await File.WriteAllTextAsync(path, text);
                loaded = ConfigLoader.LoadFile(path, schema);
            }
            else
            {
                loaded = ConfigLoader.Load(text, AtriumConfig.EmbeddedSource, schema);
            }

            if (!loaded.Succeeded)
            {
                throw new InvalidOperationException("Test config is invalid:\n" + string.Join("\n", loaded.Errors) + "\n" + text);
            }

            var store = new ConfigStore(loaded.Config, schema, NullLogger<ConfigStore>.Instance, TimeProvider.System);
            var context = new ModuleContext(
                [GatewayModule.Name], options.LoggerFactory ?? NullLoggerFactory.Instance, options.Time ?? TimeProvider.System, TimeSpan.FromSeconds(2));
            context.Share(store);
            context.Share(telemetry);
            var module = GatewayModule.Init(context);
            try
            {
                await module.StartAsync(CancellationToken.None);
                return new GatewayHost(module, store, path, proxyPort, h2cPort, adminPort, options);
            }
            catch (IOException) when (attempt < StartAttempts)
            {
                // Another test took one of the ports between FreePort and the bind: try new ones.
                await module.StopAsync(CancellationToken.None);
                store.Dispose();
            }
        }
    }

    public HttpClient Client(TimeSpan? timeout = null) => TestHttp.Client(ProxyAddress, timeout);

    /// <summary>A client for the admin API that sends <see cref="AdminToken"/>.</summary>
    public HttpClient AdminClient()
    {
        var client = AnonymousAdminClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>A client for the admin API that sends no token.</summary>
    public HttpClient AnonymousAdminClient() => TestHttp.Client(AdminAddress);

    /// <summary>An HTTP/2 prior-knowledge client for the h2c listener (gRPC).</summary>
    public HttpClient Http2Client() => TestHttp.Http2Client(H2cAddress);

    /// <summary>Rewrites the config file (atomically, by rename) with a new <c>gateway</c> body; same listeners.</summary>
    public async Task WriteConfigAsync(string gatewayYaml)
    {
        var path = ConfigPath ?? throw new InvalidOperationException("Start the host with fromFile: true to rewrite its config.");
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, Render(_options, gatewayYaml, _proxyPort, _h2cPort, _adminPort));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Rewrites the config file with text written as is (for invalid YAML).</summary>
    public async Task WriteRawConfigAsync(string text)
    {
        var path = ConfigPath ?? throw new InvalidOperationException("Start the host with fromFile: true to rewrite its config.");
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Stops the module (as on SIGTERM): listeners close, in-flight requests drain. Once; later calls do nothing.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _module.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // In-flight requests of a slow test endpoint are cut off at teardown.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Store.Dispose();
        if (ConfigPath is not null)
        {
            File.Delete(ConfigPath);
        }
    }

    /// <summary>The whole <c>atrium.yaml</c> text for a gateway body and the host's ports.</summary>
    public string RenderConfig(string gatewayYaml) => Render(_options, gatewayYaml, _proxyPort, _h2cPort, _adminPort);

    private static string Render(StartOptions options, string gatewayYaml, int proxyPort, int h2cPort, int adminPort)
    {
        var text = new StringBuilder();
        text.AppendLine("logging:");
        text.AppendLine("  level: Error");
        if (options.DataDirectory is not null)
        {
            text.AppendLine("host:");
            text.AppendLine($"  dataDirectory: \"{options.DataDirectory}\"");
        }

        text.AppendLine(options.SectionsYaml);
        text.AppendLine("gateway:");
        if (options.RenderSection is { } section)
        {
            AppendIndented(text, section(proxyPort, adminPort));
            return text.ToString();
        }

        text.AppendLine($"  listen: [\"http://127.0.0.1:{proxyPort}\", \"h2c://127.0.0.1:{h2cPort}\"]");
        text.AppendLine("  admin:");
        text.AppendLine($"    listen: [\"http://127.0.0.1:{adminPort}\"]");
        AppendIndented(text, string.Join('\n', options.AdminYaml.ReplaceLineEndings("\n").Split('\n').Select(l => "  " + l)));
        AppendIndented(text, gatewayYaml);
        return text.ToString();
    }

    private static void AppendIndented(StringBuilder text, string yaml)
    {
        foreach (var line in yaml.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("  ").AppendLine(line);
        }
    }

    private sealed record StartOptions(
        string GatewayYaml, string AdminYaml, string? DataDirectory, bool FromFile, TimeProvider? Time, ILoggerFactory? LoggerFactory,
        Func<int, int, string>? RenderSection = null)
    {
        public string SectionsYaml { get; init; } = "";
    }
}
