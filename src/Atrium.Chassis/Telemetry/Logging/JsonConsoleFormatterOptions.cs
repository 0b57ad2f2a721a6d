using Microsoft.Extensions.Logging.Console;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Settings of <see cref="JsonConsoleFormatter"/>.
/// </summary>
internal sealed class JsonConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Gets or sets the value of the <c>service</c> member.</summary>
    public string Service { get; set; } = string.Empty;

    /// <summary>Gets or sets the clock of the <c>timestamp</c> member.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
