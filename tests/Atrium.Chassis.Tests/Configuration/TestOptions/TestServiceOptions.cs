using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Tests.Configuration.TestOptions;

/// <summary>A service section: restart-only as a whole, with keys marked live.</summary>
public sealed class TestServiceOptions : IValidatableConfig
{
    public string Listen { get; set; } = "http://127.0.0.1:8101";

    [Reloadable]
    public int Limit { get; set; } = 5;

    public int MaxLimit { get; set; } = 10;

    [Reloadable]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    public TestServiceRetry Retry { get; set; } = new();

    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Limit > MaxLimit)
        {
            context.AddError("limit", "must not be more than maxLimit");
        }
    }
}
