namespace Atrium.Gateway.Plugins;

/// <summary>The stable codes that start a plugin's load error in config validation.</summary>
internal static class PluginLoadCodes
{
    /// <summary>This binary has no WebAssembly engine (the Native AOT <c>atrium-gateway</c>).</summary>
    public const string HostUnavailable = "PLUGIN_HOST_UNAVAILABLE";

    /// <summary>The module file is missing or unreadable.</summary>
    public const string FileUnreadable = "PLUGIN_FILE_UNREADABLE";

    /// <summary>The file is not a valid WebAssembly module (binary, or text for <c>.wat</c>).</summary>
    public const string ModuleInvalid = "PLUGIN_MODULE_INVALID";

    /// <summary>The module imports a function the host does not provide.</summary>
    public const string ImportUnknown = "PLUGIN_IMPORT_UNKNOWN";

    /// <summary>The module does not export a supported proxy-wasm ABI marker or its memory.</summary>
    public const string AbiUnsupported = "PLUGIN_ABI_UNSUPPORTED";

    /// <summary>The module's start or configure callback failed, trapped or returned false.</summary>
    public const string ConfigureFailed = "PLUGIN_CONFIGURE_FAILED";
}
