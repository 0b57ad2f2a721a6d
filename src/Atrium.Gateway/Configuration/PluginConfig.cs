using System.ComponentModel.DataAnnotations;

namespace Atrium.Gateway.Configuration;

/// <summary>
/// A proxy-wasm HTTP filter (<c>gateway.plugins[i]</c>, run on every route, or <c>gateway.routes[i].plugins[j]</c>):
/// a WebAssembly module run in a sandbox on the request and the response. See <c>docs/gateway.md</c>, "WASM plugins".
/// </summary>
public sealed class PluginConfig
{
    /// <summary>The plugin's name, in logs, metrics and the admin API; plugins of one name share their shared data. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "must be letters, digits, '.', '_' or '-'")]
    public string Name { get; set; } = "";

    /// <summary>The module: a binary <c>.wasm</c> file, or WebAssembly text when the name ends in <c>.wat</c>. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string File { get; set; } = "";

    /// <summary>The plugin configuration, handed to the module's <c>proxy_on_configure</c> as bytes. Default empty.</summary>
    public string Config { get; set; } = "";

    /// <summary>
    /// When the plugin fails (traps, runs out of fuel or memory), let the request go on as if the plugin were not
    /// there, instead of answering 500 <c>PLUGIN_FAILED</c>. Default false.
    /// </summary>
    public bool FailOpen { get; set; }

    /// <summary>
    /// The instructions (Wasmtime fuel) one call into the module may spend; a call that spends them all is stopped.
    /// Default 20,000,000 (a few milliseconds of work).
    /// </summary>
    [Range(1000L, long.MaxValue)]
    public long Fuel { get; set; } = 20_000_000;

    /// <summary>Largest linear memory one instance of the module may grow to, in bytes. Default 16 MiB.</summary>
    [Range(65_536L, 4L * 1024 * 1024 * 1024)]
    public long MaxMemory { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Largest response body buffered for a plugin that reads response bodies; a larger one is answered 500
    /// <c>PLUGIN_FAILED</c>. (Request bodies are bounded by the route's <c>maxRequestBodySize</c>.) Default 1 MiB.
    /// </summary>
    [Range(0L, 1024L * 1024 * 1024)]
    public long MaxResponseBodySize { get; set; } = 1024 * 1024;
}
