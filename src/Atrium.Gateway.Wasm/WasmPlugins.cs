using Atrium.Gateway.Plugins;

namespace Atrium.Gateway.Wasm;

/// <summary>Gives the process's gateway a WASM plugin runtime (proxy-wasm on Wasmtime).</summary>
public static class WasmPlugins
{
    /// <summary>
    /// Registers the runtime for the gateway's <c>plugins</c>; call before the config loads, since validation loads
    /// the plugins. Later calls keep the first runtime (its compiled modules and shared data).
    /// </summary>
    public static void Enable() => PluginRuntimes.Register(new WasmPluginRuntime(TimeProvider.System));
}
