using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;

namespace Atrium.Gateway.Wasm;

/// <summary>
/// Loads proxy-wasm plugins on one Wasmtime engine with fuel metering: a module is compiled once per file content, a
/// configured plugin is kept while a config uses it, and shared data lives per plugin name across reloads.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "One runtime per process, registered once: its engine lives as long as the process.")]
internal sealed class WasmPluginRuntime : IPluginRuntime
{
    private readonly Engine _engine = new(new Config().WithFuelConsumption(true));
    private readonly ConcurrentDictionary<string, Module> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WasmPlugin> _plugins = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SharedData> _shared = new(StringComparer.Ordinal);
    private readonly Lock _loadLock = new();

    public WasmPluginRuntime(TimeProvider time) => Time = time;

    public TimeProvider Time { get; }

    public ILogger Logger { get; private set; } = NullLogger.Instance;

    public void UseLoggerFactory(ILoggerFactory loggers) => Logger = loggers.CreateLogger("Atrium.Gateway.Plugins");

    public PluginLoadResult Load(PluginConfig config)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(config.File);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return PluginLoadResult.Failed(PluginLoadCodes.FileUnreadable, $"cannot read '{config.File}': {ex.Message}");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = string.Join('\n', config.Name, hash, config.Config, config.Fuel.ToString(CultureInfo.InvariantCulture),
            config.MaxMemory.ToString(CultureInfo.InvariantCulture), config.MaxResponseBodySize.ToString(CultureInfo.InvariantCulture),
            config.FailOpen ? "open" : "closed", config.File);
        if (_plugins.TryGetValue(key, out var cached))
        {
            return new(cached, null);
        }

        // One load at a time: a reload's validation and compile ask for the same plugins, and each is configured once.
        lock (_loadLock)
        {
            if (_plugins.TryGetValue(key, out cached))
            {
                return new(cached, null);
            }

            var module = Compile(config, bytes, hash, out var error);
            if (module is null)
            {
                return new(null, error);
            }

            if (WasmPlugin.CheckModule(module) is { } abiError)
            {
                return new(null, abiError);
            }

            var plugin = new WasmPlugin(this, _engine, module, hash, config, _shared.GetOrAdd(config.Name, _ => new SharedData()));
            if (plugin.Start() is { } startError)
            {
                return PluginLoadResult.Failed(PluginLoadCodes.ConfigureFailed, startError);
            }

            PluginLog.Loaded(Logger, config.Name, config.File, hash);
            _plugins[key] = plugin;
            return new(plugin, null);
        }
    }

    public void Retain(IReadOnlyCollection<IPlugin> inUse)
    {
        var keep = inUse.ToHashSet();
        foreach (var (key, plugin) in _plugins)
        {
            if (!keep.Contains(plugin))
            {
                // Requests still on the old snapshot hold their own instances; the rest go with the plugin.
                _plugins.TryRemove(key, out _);
            }
        }

        var hashes = _plugins.Values.Select(p => p.ModuleHash).ToHashSet(StringComparer.Ordinal);
        foreach (var hash in _modules.Keys.Where(h => !hashes.Contains(h)))
        {
            _modules.TryRemove(hash, out _);
        }
    }

    private Module? Compile(PluginConfig config, byte[] bytes, string hash, out string? error)
    {
        error = null;
        if (_modules.TryGetValue(hash, out var module))
        {
            return module;
        }

        try
        {
            module = config.File.EndsWith(".wat", StringComparison.OrdinalIgnoreCase)
                ? Module.FromText(_engine, config.Name, System.Text.Encoding.UTF8.GetString(bytes))
                : Module.FromBytes(_engine, config.Name, bytes);
        }
        catch (WasmtimeException ex)
        {
            error = $"{PluginLoadCodes.ModuleInvalid}: '{config.File}' is not a valid WebAssembly module: {FirstLine(ex.Message)}";
            return null;
        }

        foreach (var import in module.Imports)
        {
            if (import is not FunctionImport || import.ModuleName != ProxyAbi.Module || !HostFunctions.Names.Contains(import.Name))
            {
                error = $"{PluginLoadCodes.ImportUnknown}: '{config.File}' imports {import.ModuleName}.{import.Name}, which the gateway's "
                    + "proxy-wasm host does not provide (no WASI, no HTTP or gRPC calls, no timers or metrics; see docs/gateway.md)";
                return null;
            }
        }

        return _modules.GetOrAdd(hash, module);
    }

    internal static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
