using Atrium.Gateway.Plugins;

namespace Atrium.Gateway.Wasm;

/// <summary>One request's HTTP context on a pooled instance; given back on dispose unless the instance failed.</summary>
internal sealed class WasmPluginStream : IPluginStream
{
    private readonly WasmPlugin _plugin;
    private readonly WasmInstance _instance;
    private readonly PluginExchange _exchange;
    private readonly int _context;
    private bool _failed;

    public WasmPluginStream(WasmPlugin plugin, WasmInstance instance, PluginExchange exchange)
    {
        _plugin = plugin;
        _instance = instance;
        _exchange = exchange;
        instance.Exchange = exchange;
        _context = instance.CreateContext();
        _failed = instance.Failure is not null;
    }

    public PluginOutcome Run(PluginPhase phase)
    {
        if (_failed)
        {
            _exchange.Failure = _instance.Failure;
            return PluginOutcome.Failed;
        }

        if (_instance.Callback(phase) is not { } callback)
        {
            return PluginOutcome.Continue;
        }

        var http = _exchange.Http;
        var (size, endOfStream) = phase switch
        {
            PluginPhase.RequestHeaders => (http.Request.Headers.Count + 4, http.Request.ContentLength == 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContainsKey("Transfer-Encoding")) ? 1 : 0),
            PluginPhase.RequestBody => (_exchange.RequestBody!.Length, 1),
            PluginPhase.ResponseHeaders => (http.Response.Headers.Count + 1, 0),
            _ => (_exchange.ResponseBody!.Length, 1),
        };
        _instance.Exchange = _exchange;
        _instance.SentLocalResponse = false;
        if (!_instance.Call(() => callback(_context, size, endOfStream), out _))
        {
            _failed = true;
            _exchange.Failure = _instance.Failure;
            return PluginOutcome.Failed;
        }

        // A paused stream cannot be resumed later (bodies arrive whole), so Pause goes on like Continue.
        return _instance.SentLocalResponse ? PluginOutcome.LocalResponse : PluginOutcome.Continue;
    }

    public void Dispose()
    {
        if (!_failed && _instance.EndContext(_context))
        {
            _instance.Exchange = null;
            _plugin.Return(_instance);
            return;
        }

        _instance.Dispose();
    }
}
