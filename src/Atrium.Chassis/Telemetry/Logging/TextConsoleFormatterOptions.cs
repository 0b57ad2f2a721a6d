using Microsoft.Extensions.Logging.Console;

namespace Atrium.Chassis.Telemetry.Logging;

/// <summary>
/// Settings of <see cref="TextConsoleFormatter"/>.
/// </summary>
internal sealed class TextConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Gets or sets the module name shown on each line.</summary>
    public string Service { get; set; } = string.Empty;

    /// <summary>Gets or sets the clock of the timestamp.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets whether the level is coloured with ANSI escapes (only when writing to a terminal).</summary>
    public bool Colors { get; set; }
}
