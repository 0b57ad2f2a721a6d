namespace Atrium.Gateway.Plugins;

/// <summary>
/// The process's plugin runtime, registered by the binary before its config loads; none in a build without one,
/// where a config with plugins fails validation with <c>PLUGIN_HOST_UNAVAILABLE</c>.
/// </summary>
internal static class PluginRuntimes
{
    private static volatile IPluginRuntime? _current;

    public static IPluginRuntime? Current => _current;

    /// <summary>Registers <paramref name="runtime"/> unless one is registered already (the first one stays).</summary>
    public static IPluginRuntime Register(IPluginRuntime runtime)
    {
        Interlocked.CompareExchange(ref _current, runtime, null);
        return _current!;
    }
}
