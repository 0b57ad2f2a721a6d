using Atrium.Chassis.Configuration;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Plugins;

namespace Atrium.Gateway.Validation;

/// <summary>
/// Loads every plugin of the config, so that a missing file, an invalid module, an import the host lacks or a failed
/// <c>proxy_on_configure</c> refuses the config (each error starts with its stable code) and the last good one stays.
/// </summary>
internal static class PluginValidator
{
    public static void Validate(GatewayOptions options, ConfigValidationContext context)
    {
        Validate(options.Plugins, "plugins", context);
        for (var i = 0; i < options.Routes.Count; i++)
        {
            Validate(options.Routes[i].Plugins, $"routes[{i}].plugins", context);
        }
    }

    private static void Validate(List<PluginConfig> plugins, string path, ConfigValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plugins.Count; i++)
        {
            var plugin = plugins[i];
            if (plugin.Name.Length == 0 || plugin.File.Length == 0)
            {
                continue;
            }

            if (!names.Add(plugin.Name))
            {
                context.AddError($"{path}[{i}].name", $"duplicate plugin name '{plugin.Name}'");
            }

            if (PluginRuntimes.Current is not { } runtime)
            {
                context.AddError($"{path}[{i}]", $"{PluginLoadCodes.HostUnavailable}: this build has no WebAssembly plugin host "
                    + "(the Native AOT atrium-gateway); run plugins with the atrium binary");
                continue;
            }

            if (runtime.Load(plugin).Error is { } error)
            {
                context.AddError($"{path}[{i}].file", error);
            }
        }
    }
}
