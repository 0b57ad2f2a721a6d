using Atrium.Gateway.Plugins;
using Wasmtime;

namespace Atrium.Gateway.Wasm;

/// <summary>
/// One instance of a plugin's module in a store of its own (memory cap, fuel per call), with the root context
/// started and configured. Serves one request at a time; the request's exchange is what the host functions act on.
/// </summary>
internal sealed partial class WasmInstance : IDisposable
{
    public const int RootContext = 1;

    private Func<int, int>? _allocate;
    private Action<int, int>? _contextCreate;
    private Func<int, int, int, int>? _requestHeaders;
    private Func<int, int, int, int>? _requestBody;
    private Func<int, int, int, int>? _responseHeaders;
    private Func<int, int, int, int>? _responseBody;
    private Func<int, int>? _done;
    private Action<int>? _delete;
    private Instance? _instance;
    private int _nextContext = RootContext + 1;

    public WasmInstance(WasmPlugin plugin, Engine engine)
    {
        Plugin = plugin;
        Store = new Store(engine, this);
        Store.SetLimits(memorySize: plugin.Config.MaxMemory);
    }

    public WasmPlugin Plugin { get; }

    public Store Store { get; }

    public Memory Memory { get; private set; } = null!;

    /// <summary>The request the instance serves now; null between requests and while it starts.</summary>
    public PluginExchange? Exchange { get; set; }

    /// <summary>Whether the last call sent a local response.</summary>
    public bool SentLocalResponse { get; set; }

    /// <summary>Why the last call failed (<c>fuel</c> or <c>trap</c>); the instance is then not reused.</summary>
    public string? Failure { get; private set; }

    public void Bind(Instance instance)
    {
        _instance = instance;
        Memory = instance.GetMemory("memory")!;
        _allocate = instance.GetFunction<int, int>("proxy_on_memory_allocate") ?? instance.GetFunction<int, int>("malloc");
        _contextCreate = instance.GetAction<int, int>("proxy_on_context_create");
        _requestHeaders = instance.GetFunction<int, int, int, int>("proxy_on_request_headers");
        _requestBody = instance.GetFunction<int, int, int, int>("proxy_on_request_body");
        _responseHeaders = instance.GetFunction<int, int, int, int>("proxy_on_response_headers");
        _responseBody = instance.GetFunction<int, int, int, int>("proxy_on_response_body");
        _done = instance.GetFunction<int, int>("proxy_on_done");
        _delete = instance.GetAction<int>("proxy_on_delete");
    }

    /// <summary>Runs the module's start function, creates the root context, starts the VM and configures it.</summary>
    public string? Start()
    {
        var instance = _instance!;
        var start = instance.GetAction("_initialize") ?? instance.GetAction("_start");
        if (start is not null && !Call(() => { start(); return 1; }, out _))
        {
            return $"the module's start function stopped ({Failure})";
        }

        if (_contextCreate is { } create && !Call(() => { create(RootContext, 0); return 1; }, out _))
        {
            return $"proxy_on_context_create stopped ({Failure})";
        }

        if (instance.GetFunction<int, int, int>("proxy_on_vm_start") is { } vmStart
            && (!Call(() => vmStart(RootContext, 0), out var started) || started == 0))
        {
            return Failure is null ? "proxy_on_vm_start returned false" : $"proxy_on_vm_start stopped ({Failure})";
        }

        if (instance.GetFunction<int, int, int>("proxy_on_configure") is { } configure
            && (!Call(() => configure(RootContext, Plugin.ConfigBytes.Length), out var configured) || configured == 0))
        {
            return Failure is null ? "proxy_on_configure returned false" : $"proxy_on_configure stopped ({Failure})";
        }

        return null;
    }

    /// <summary>Creates an HTTP context under the root context; its id.</summary>
    public int CreateContext()
    {
        var id = _nextContext++;
        if (_contextCreate is { } create)
        {
            Call(() => { create(id, RootContext); return 1; }, out _);
        }

        return id;
    }

    public Func<int, int, int, int>? Callback(PluginPhase phase) => phase switch
    {
        PluginPhase.RequestHeaders => _requestHeaders,
        PluginPhase.RequestBody => _requestBody,
        PluginPhase.ResponseHeaders => _responseHeaders,
        _ => _responseBody,
    };

    /// <summary>Ends an HTTP context (<c>proxy_on_done</c>, <c>proxy_on_delete</c>); false when that failed.</summary>
    public bool EndContext(int id)
    {
        if (_done is { } done && !Call(() => done(id), out _))
        {
            return false;
        }

        return _delete is not { } delete || Call(() => { delete(id); return 1; }, out _);
    }

    /// <summary>Calls into the module with a fresh fuel budget; false (and <see cref="Failure"/> set) when it was stopped.</summary>
    public bool Call(Func<int> call, out int result)
    {
        Store.Fuel = (ulong)Plugin.Config.Fuel;
        try
        {
            result = call();
            return true;
        }
        catch (TrapException ex)
        {
            Failure = ex.Type == TrapCode.OutOfFuel ? "fuel" : "trap";
        }
        catch (WasmtimeException)
        {
            Failure = "trap";
        }

        result = 0;
        return false;
    }

    public void Dispose() => Store.Dispose();
}
