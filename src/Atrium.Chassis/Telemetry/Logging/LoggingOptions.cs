using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>Log levels, the <c>logging</c> section of <c>atrium.yaml</c>. Reloadable: a change applies without restart.</summary>
public sealed class LoggingOptions
{
    /// <summary>The config section name.</summary>
    public const string Section = "logging";

    /// <summary>
    /// How entries are written to stdout: <c>auto</c> (the default: text on a terminal, JSON otherwise), <c>json</c> or
    /// <c>text</c>. Read at start; a change needs a restart.
    /// </summary>
    public LogFormat Format { get; set; } = LogFormat.Auto;

    /// <summary>The minimum level for every category not named in <see cref="Overrides"/>. Default <c>Information</c>.</summary>
    public LogLevel Level { get; set; } = LogLevel.Information;

    /// <summary>
    /// Minimum levels by category prefix (the longest matching prefix wins), e.g. <c>Microsoft.AspNetCore: Warning</c>.
    /// Default: <c>Microsoft.AspNetCore</c>, <c>Microsoft.Extensions.Hosting</c>, <c>Microsoft.Hosting.Lifetime</c>,
    /// <c>System.Net.Http</c> and <c>Microsoft.EntityFrameworkCore</c> at <c>Warning</c>, since per-request framework lines
    /// (and every SQL command) would drown the access log.
    /// </summary>
    public Dictionary<string, LogLevel> Overrides { get; set; } = new(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = LogLevel.Warning,
        ["Microsoft.Extensions.Hosting"] = LogLevel.Warning,
        ["Microsoft.Hosting.Lifetime"] = LogLevel.Warning,
        ["System.Net.Http"] = LogLevel.Warning,
        ["Microsoft.EntityFrameworkCore"] = LogLevel.Warning,
    };
}
