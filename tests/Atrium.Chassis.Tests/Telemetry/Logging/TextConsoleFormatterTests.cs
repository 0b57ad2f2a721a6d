using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Chassis.Tests.Telemetry.Logging;

public sealed class TextConsoleFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2));

    [Fact]
    public void Write_TwoEntries_WritesOneReadableLinePerEntryWithoutJson()
    {
        using var services = BuildServices(LogFormat.Text);
        var logger = new FormatterLogger(Formatter(services), "Atrium.Orders");

        logger.LogInformation(new EventId(42, "Paid"), "Order {OrderId} paid   ", 17);
        logger.LogWarning("Stock low for {Sku}", "A-1");

        logger.Output.ToString().ShouldBe(
            "2026-03-04T03:06:07.089Z info orders Atrium.Orders[42]: Order 17 paid\n" +
            "2026-03-04T03:06:07.089Z warn orders Atrium.Orders: Stock low for A-1\n");
    }

    [Fact]
    public void Write_WithException_IndentsTheExceptionBelowTheLine()
    {
        using var services = BuildServices(LogFormat.Text);
        var logger = new FormatterLogger(Formatter(services), "Atrium.Orders");
        Exception failure;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException ex)
        {
            failure = ex;
        }

        logger.LogError(failure, "Charge failed");

        var lines = logger.Output.ToString().Split('\n');
        lines[0].ShouldBe("2026-03-04T03:06:07.089Z fail orders Atrium.Orders: Charge failed");
        lines[1].ShouldBe("    System.InvalidOperationException: boom");
        lines[2].ShouldStartWith("    ");
        lines[2].TrimStart().ShouldStartWith("at ");
        lines[^1].ShouldBeEmpty();
        lines.ShouldAllBe(l => l == l.TrimEnd());
        logger.Output.ToString().ShouldNotContain("{");
    }

    [Fact]
    public void AddAtriumConsole_Json_SelectsTheJsonFormatter()
    {
        using var services = BuildServices(LogFormat.Json);

        services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName
            .ShouldBe(JsonConsoleFormatter.FormatterName);
    }

    [Fact]
    public void AddAtriumConsole_AutoWithStdoutRedirected_SelectsJson()
    {
        // The test runner captures stdout, so it is not a terminal here.
        Console.IsOutputRedirected.ShouldBeTrue();
        using var services = BuildServices(LogFormat.Auto);

        services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName
            .ShouldBe(JsonConsoleFormatter.FormatterName);
    }

    private static ServiceProvider BuildServices(LogFormat format) =>
        new ServiceCollection()
            .AddLogging(builder => builder.AddAtriumConsole("orders", format, new FakeTimeProvider(Now)))
            .BuildServiceProvider();

    private static ConsoleFormatter Formatter(ServiceProvider services) =>
        services.GetServices<ConsoleFormatter>().Single(f => f.Name == TextConsoleFormatter.FormatterName);
}
