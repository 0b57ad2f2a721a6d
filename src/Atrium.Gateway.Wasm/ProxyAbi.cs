namespace Atrium.Gateway.Wasm;

/// <summary>The proxy-wasm ABI's numbers (versions 0.2.0 and 0.2.1): statuses, map and buffer types, actions.</summary>
internal static class ProxyAbi
{
    public const string Module = "env";

    public static readonly string[] VersionMarkers = ["proxy_abi_version_0_2_1", "proxy_abi_version_0_2_0"];

    // proxy_status_t
    public const int Ok = 0;
    public const int NotFound = 1;
    public const int BadArgument = 2;
    public const int InvalidMemoryAccess = 6;
    public const int CasMismatch = 8;
    public const int InternalFailure = 10;

    // proxy_map_type_t
    public const int RequestHeaders = 0;
    public const int ResponseHeaders = 2;

    // proxy_buffer_type_t
    public const int RequestBody = 0;
    public const int ResponseBody = 1;
    public const int VmConfiguration = 6;
    public const int PluginConfiguration = 7;
}
