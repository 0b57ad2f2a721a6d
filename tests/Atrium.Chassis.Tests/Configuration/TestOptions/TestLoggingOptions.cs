using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

public sealed class TestLoggingOptions
{
    public LogLevel Level { get; set; } = LogLevel.Information;

    public Dictionary<string, LogLevel> Overrides { get; set; } = [];
}
