using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Telemetry;

public sealed class ConsoleLoggerFactoryTests
{
    [Fact]
    public void Create_LevelAndOverrides_FilterAsLoggerFactoryCreateDoes()
    {
        var logging = new LoggingOptions
        {
            Level = LogLevel.Warning,
            Overrides = new(StringComparer.Ordinal) { ["Noisy"] = LogLevel.Error, ["Chatty"] = LogLevel.Debug },
        };

        using var factory = ConsoleLoggerFactory.Create("atrium", logging, TimeProvider.System);
        using var reference = LoggerFactory.Create(builder =>
        {
            builder.AddAtriumConsole("atrium", logging.Format);
            builder.SetMinimumLevel(logging.Level);
            foreach (var (category, level) in logging.Overrides)
            {
                builder.AddFilter(category, level);
            }
        });

        foreach (var category in new[] { "Atrium", "Noisy", "Noisy.Inner", "Chatty", "Chatty.Inner", "Other" })
        {
            foreach (var level in Enum.GetValues<LogLevel>().Where(l => l != LogLevel.None))
            {
                factory.CreateLogger(category).IsEnabled(level).ShouldBe(
                    reference.CreateLogger(category).IsEnabled(level), $"{category} at {level}");
            }
        }
    }

    [Fact]
    public void Create_Defaults_WarningAndAboveForFrameworkCategories()
    {
        using var factory = ConsoleLoggerFactory.Create("atrium", new LoggingOptions(), TimeProvider.System);

        factory.CreateLogger("Atrium").IsEnabled(LogLevel.Information).ShouldBeTrue();
        factory.CreateLogger("Atrium").IsEnabled(LogLevel.Debug).ShouldBeFalse();
        factory.CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Information).ShouldBeFalse();
        factory.CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Warning).ShouldBeTrue();
    }
}
