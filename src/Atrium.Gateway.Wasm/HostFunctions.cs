using Wasmtime;

namespace Atrium.Gateway.Wasm;

/// <summary>
/// The proxy-wasm host functions the gateway provides (module <c>env</c>). A module importing anything else is refused
/// at load with <c>PLUGIN_IMPORT_UNKNOWN</c> naming the import.
/// </summary>
internal static class HostFunctions
{
    public static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "proxy_log", "proxy_get_log_level", "proxy_get_current_time_nanoseconds",
        "proxy_get_buffer_bytes", "proxy_get_buffer_status", "proxy_set_buffer_bytes",
        "proxy_get_header_map_pairs", "proxy_set_header_map_pairs", "proxy_get_header_map_size", "proxy_get_header_map_value",
        "proxy_replace_header_map_value", "proxy_add_header_map_value", "proxy_remove_header_map_value",
        "proxy_get_property", "proxy_send_local_response", "proxy_get_shared_data", "proxy_set_shared_data",
        "proxy_continue_stream", "proxy_close_stream", "proxy_continue_request", "proxy_continue_response",
        "proxy_set_effective_context", "proxy_done",
    };

    public static void Define(Linker linker)
    {
        const string env = ProxyAbi.Module;
        linker.DefineFunction(env, "proxy_log", (Caller c, int level, int ptr, int size) => Host(c).Log(level, ptr, size));
        linker.DefineFunction(env, "proxy_get_log_level", (Caller c, int ret) => Host(c).GetLogLevel(ret));
        linker.DefineFunction(env, "proxy_get_current_time_nanoseconds", (Caller c, int ret) => Host(c).GetTime(ret));
        linker.DefineFunction(env, "proxy_get_buffer_bytes", (Caller c, int type, int start, int max, int retPtr, int retSize) =>
            Host(c).GetBufferBytes(type, start, max, retPtr, retSize));
        linker.DefineFunction(env, "proxy_get_buffer_status", (Caller c, int type, int retLength, int retFlags) =>
            Host(c).GetBufferStatus(type, retLength, retFlags));
        linker.DefineFunction(env, "proxy_set_buffer_bytes", (Caller c, int type, int start, int size, int ptr, int length) =>
            Host(c).SetBufferBytes(type, start, size, ptr, length));
        linker.DefineFunction(env, "proxy_get_header_map_pairs", (Caller c, int map, int retPtr, int retSize) => Host(c).GetHeaderPairs(map, retPtr, retSize));
        linker.DefineFunction(env, "proxy_set_header_map_pairs", (Caller c, int map, int ptr, int size) => Host(c).SetHeaderPairs(map, ptr, size));
        linker.DefineFunction(env, "proxy_get_header_map_size", (Caller c, int map, int retSize) => Host(c).GetHeaderMapSize(map, retSize));
        linker.DefineFunction(env, "proxy_get_header_map_value", (Caller c, int map, int keyPtr, int keySize, int retPtr, int retSize) =>
            Host(c).GetHeader(map, keyPtr, keySize, retPtr, retSize));
        linker.DefineFunction(env, "proxy_replace_header_map_value", (Caller c, int map, int keyPtr, int keySize, int valuePtr, int valueSize) =>
            Host(c).ChangeHeader(map, keyPtr, keySize, valuePtr, valueSize, add: false));
        linker.DefineFunction(env, "proxy_add_header_map_value", (Caller c, int map, int keyPtr, int keySize, int valuePtr, int valueSize) =>
            Host(c).ChangeHeader(map, keyPtr, keySize, valuePtr, valueSize, add: true));
        linker.DefineFunction(env, "proxy_remove_header_map_value", (Caller c, int map, int keyPtr, int keySize) =>
            Host(c).ChangeHeader(map, keyPtr, keySize, 0, -1, add: false));
        linker.DefineFunction(env, "proxy_get_property", (Caller c, int pathPtr, int pathSize, int retPtr, int retSize) =>
            Host(c).GetProperty(pathPtr, pathSize, retPtr, retSize));
        linker.DefineFunction(env, "proxy_send_local_response",
            (Caller c, int status, int detailsPtr, int detailsSize, int bodyPtr, int bodySize, int headersPtr, int headersSize, int grpcStatus) =>
                Host(c).SendLocalResponse(status, bodyPtr, bodySize, headersPtr, headersSize));
        linker.DefineFunction(env, "proxy_get_shared_data", (Caller c, int keyPtr, int keySize, int retPtr, int retSize, int retCas) =>
            Host(c).GetSharedData(keyPtr, keySize, retPtr, retSize, retCas));
        linker.DefineFunction(env, "proxy_set_shared_data", (Caller c, int keyPtr, int keySize, int valuePtr, int valueSize, int cas) =>
            Host(c).SetSharedData(keyPtr, keySize, valuePtr, valueSize, cas));

        // Bodies arrive whole and a paused stream goes on by itself, so continuing or closing has nothing to do.
        linker.DefineFunction(env, "proxy_continue_stream", (Caller c, int stream) => ProxyAbi.Ok);
        linker.DefineFunction(env, "proxy_close_stream", (Caller c, int stream) => ProxyAbi.Ok);
        linker.DefineFunction(env, "proxy_continue_request", (Caller c) => ProxyAbi.Ok);
        linker.DefineFunction(env, "proxy_continue_response", (Caller c) => ProxyAbi.Ok);
        linker.DefineFunction(env, "proxy_set_effective_context", (Caller c, int context) => ProxyAbi.Ok);
        linker.DefineFunction(env, "proxy_done", (Caller c) => ProxyAbi.Ok);
    }

    private static WasmInstance Host(Caller caller) => (WasmInstance)caller.GetData()!;
}
