using System.Collections.Concurrent;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Plugins;
using Wasmtime;

namespace Atrium.Gateway.Wasm;

/// <summary>
/// One configured plugin: its compiled module, the linker of the host's functions, and a pool of started instances,
/// each serving one request at a time. A pooled instance is cheaper than a new one per request (see docs/gateway.md).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A request on an old snapshot may still open an instance after a reload drops the plugin; the linker goes with the last reference.")]
internal sealed class WasmPlugin : IPlugin
{
    private readonly Engine _engine;
    private readonly Module _module;
    private readonly Linker _linker;
    private readonly ConcurrentBag<WasmInstance> _idle = [];
    private readonly Lock _instantiate = new();

    public WasmPlugin(WasmPluginRuntime runtime, Engine engine, Module module, string moduleHash, PluginConfig config, SharedData shared)
    {
        Runtime = runtime;
        _engine = engine;
        _module = module;
        Config = config;
        Shared = shared;
        ConfigBytes = System.Text.Encoding.UTF8.GetBytes(config.Config);
        ModuleHash = moduleHash;
        _linker = new Linker(engine);
        HostFunctions.Define(_linker);
        var exports = module.Exports.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        Callbacks = (exports.Contains("proxy_on_request_headers") ? PluginCallbacks.RequestHeaders : 0)
            | (exports.Contains("proxy_on_request_body") ? PluginCallbacks.RequestBody : 0)
            | (exports.Contains("proxy_on_response_headers") ? PluginCallbacks.ResponseHeaders : 0)
            | (exports.Contains("proxy_on_response_body") ? PluginCallbacks.ResponseBody : 0);
    }

    public PluginConfig Config { get; }

    public PluginCallbacks Callbacks { get; }

    public WasmPluginRuntime Runtime { get; }

    public SharedData Shared { get; }

    public byte[] ConfigBytes { get; }

    /// <summary>The SHA-256 of the module file, the key of its compiled module.</summary>
    public string ModuleHash { get; }

    /// <summary>Why the module cannot be a proxy-wasm plugin (its ABI marker or memory is missing), or null.</summary>
    public static string? CheckModule(Module module)
    {
        var exports = module.Exports.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (!ProxyAbi.VersionMarkers.Any(exports.Contains))
        {
            return $"{PluginLoadCodes.AbiUnsupported}: the module exports none of {string.Join(", ", ProxyAbi.VersionMarkers)}";
        }

        return exports.Contains("memory") ? null : $"{PluginLoadCodes.AbiUnsupported}: the module exports no memory named 'memory'";
    }

    /// <summary>Starts and configures the first instance; the reason when that fails.</summary>
    public string? Start()
    {
        try
        {
            var instance = CreateInstance();
            if (instance.Start() is { } error)
            {
                instance.Dispose();
                return error;
            }

            _idle.Add(instance);
            return null;
        }
        catch (WasmtimeException ex)
        {
            return WasmPluginRuntime.FirstLine(ex.Message);
        }
    }

    public IPluginStream Open(PluginExchange exchange)
    {
        if (!_idle.TryTake(out var instance))
        {
            try
            {
                instance = CreateInstance();
                if (instance.Start() is not null)
                {
                    instance.Dispose();
                    return FailedPluginStream.Instance;
                }
            }
            catch (WasmtimeException)
            {
                return FailedPluginStream.Instance;
            }
        }

        return new WasmPluginStream(this, instance, exchange);
    }

    public void Return(WasmInstance instance) => _idle.Add(instance);

    private WasmInstance CreateInstance()
    {
        var instance = new WasmInstance(this, _engine);
        lock (_instantiate)
        {
            instance.Bind(_linker.Instantiate(instance.Store, _module));
        }

        return instance;
    }
}
