using Atrium.Chassis.Data.Eventing;

namespace Atrium.Chassis.Tests.Eventing;

public sealed class OutboxOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreDocumentedValues()
    {
        var options = new OutboxOptions();

        options.PollInterval.ShouldBe(TimeSpan.FromSeconds(1));
        options.BatchSize.ShouldBe(100);
        options.RetryBaseDelay.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.RetryMaxDelay.ShouldBe(TimeSpan.FromMinutes(5));
        options.ClaimTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        options.PublishTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        options.PublishedRetention.ShouldBe(TimeSpan.FromDays(1));
        options.CleanupInterval.ShouldBe(TimeSpan.FromMinutes(10));
        options.Validate();
    }

    [Fact]
    public void Validate_SeveralInvalidSettings_ReportsAllAtOnce()
    {
        var options = new OutboxOptions
        {
            BatchSize = 0,
            RetryBaseDelay = TimeSpan.FromMinutes(10),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
            ClaimTimeout = TimeSpan.FromSeconds(5),
        };

        var error = Should.Throw<ArgumentException>(options.Validate);

        error.Message.ShouldBe(
            "Invalid OutboxOptions: The field BatchSize must be between 1 and 10000.; " +
            "RetryMaxDelay must not be less than RetryBaseDelay.; " +
            "ClaimTimeout must be more than PublishTimeout, or another relay could publish a row still being published. (Parameter 'options')");
    }
}
