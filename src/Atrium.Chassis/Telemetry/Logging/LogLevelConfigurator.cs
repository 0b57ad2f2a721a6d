using Atrium.Chassis.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Feeds the <c>logging</c> section into the logging filters. Paired with <see cref="ConfigChangeTokenSource{TOptions}"/>,
/// the logger factory re-reads the levels on every reload, so a level change needs no restart.
/// </summary>
internal sealed class LogLevelConfigurator(ConfigStore store) : IConfigureOptions<LoggerFilterOptions>
{
    public void Configure(LoggerFilterOptions options)
    {
        var logging = store.Current.Get<LoggingOptions>(LoggingOptions.Section);
        options.MinLevel = logging.Level;
        options.Rules.Clear();
        foreach (var (category, level) in logging.Overrides)
        {
            options.Rules.Add(new LoggerFilterRule(null, category, level, null));
        }
    }
}
