using System.Diagnostics;
using System.Text.Json;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Chassis.Tests.Telemetry.Logging;

public sealed class JsonConsoleFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2));

    [Fact]
    public void Write_LogInsideActivityWithException_WritesEveryMemberOnOneLine()
    {
        using var services = BuildServices();
        var logger = new FormatterLogger(Formatter(services), "Atrium.Orders");
        using var activity = new Activity("work").SetIdFormat(ActivityIdFormat.W3C).Start();
        var failure = new InvalidOperationException("boom");

        logger.LogWarning(
            new EventId(42, "Paid"), failure, "Order {OrderId} paid {Amount} ok {Ok} by {Customer} at {Ratio}", 17, 9.5m, true, "bob \"b\"", 0.25);

        var line = logger.Output.ToString();
        line.ShouldEndWith("\n");
        line.TrimEnd('\n').ShouldNotContain("\n");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["timestamp", "level", "category", "message", "event_id", "trace_id", "span_id", "service",
             "OrderId", "Amount", "Ok", "Customer", "Ratio", "exception"]);
        root.GetProperty("timestamp").GetString().ShouldBe("2026-03-04T03:06:07.089Z");
        root.GetProperty("level").GetString().ShouldBe("Warning");
        root.GetProperty("category").GetString().ShouldBe("Atrium.Orders");
        root.GetProperty("message").GetString().ShouldBe("Order 17 paid 9.5 ok True by bob \"b\" at 0.25");
        root.GetProperty("event_id").GetInt32().ShouldBe(42);
        root.GetProperty("trace_id").GetString().ShouldBe(activity.TraceId.ToHexString());
        root.GetProperty("span_id").GetString().ShouldBe(activity.SpanId.ToHexString());
        root.GetProperty("service").GetString().ShouldBe("orders");
        root.GetProperty("OrderId").GetInt32().ShouldBe(17);
        root.GetProperty("Amount").GetDecimal().ShouldBe(9.5m);
        root.GetProperty("Ok").GetBoolean().ShouldBeTrue();
        root.GetProperty("Customer").GetString().ShouldBe("bob \"b\"");
        root.GetProperty("Ratio").GetDouble().ShouldBe(0.25);
        root.GetProperty("exception").GetString().ShouldBe(failure.ToString());
    }

    [Fact]
    public void Write_NoActivityNoEventIdNoException_OmitsThoseMembers()
    {
        using var services = BuildServices();
        var logger = new FormatterLogger(Formatter(services), "Atrium.Orders");
        Activity.Current = null;

        logger.LogInformation("Started {Reason} {When}", "boot", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        using var json = JsonDocument.Parse(logger.Output.ToString());
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["timestamp", "level", "category", "message", "service", "Reason", "When"]);
        json.RootElement.GetProperty("When").GetString().ShouldBe("2026-01-02T03:04:05+00:00");
    }

    [Fact]
    public void Write_StateKeyNamedLikeFixedMember_PrefixesIt()
    {
        using var services = BuildServices();
        var logger = new FormatterLogger(Formatter(services), "c");

        logger.LogInformation("Got {Message} and {Level}", "m", "l");

        using var json = JsonDocument.Parse(logger.Output.ToString());
        json.RootElement.GetProperty("message").GetString().ShouldBe("Got m and l");
        json.RootElement.GetProperty("state_Message").GetString().ShouldBe("m");
        json.RootElement.GetProperty("state_Level").GetString().ShouldBe("l");
    }

    [Fact]
    public void AddAtriumJsonConsole_Always_SelectsJsonFormatterForConsole()
    {
        using var services = BuildServices();

        services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName
            .ShouldBe(JsonConsoleFormatter.FormatterName);
    }

    private static ServiceProvider BuildServices() =>
        new ServiceCollection()
            .AddLogging(builder => builder.AddAtriumJsonConsole("orders", new FakeTimeProvider(Now)))
            .BuildServiceProvider();

    private static ConsoleFormatter Formatter(ServiceProvider services) =>
        services.GetServices<ConsoleFormatter>().Single(f => f.Name == JsonConsoleFormatter.FormatterName);
}
