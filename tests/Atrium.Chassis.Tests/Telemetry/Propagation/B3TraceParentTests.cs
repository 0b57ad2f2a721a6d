using Atrium.Chassis.Telemetry.Propagation;

namespace Atrium.Chassis.Tests.Telemetry.Propagation;

public sealed class B3TraceParentTests
{
    [Theory]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", "00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01")]
    [InlineData("64fe8b2a57d3eff7-E457B5A2E4D86BD1-d", "00-000000000000000064fe8b2a57d3eff7-e457b5a2e4d86bd1-01")]
    [InlineData("64fe8b2a57d3eff7-e457b5a2e4d86bd1-0", "00-000000000000000064fe8b2a57d3eff7-e457b5a2e4d86bd1-00")]
    [InlineData("64fe8b2a57d3eff7-e457b5a2e4d86bd1", "00-000000000000000064fe8b2a57d3eff7-e457b5a2e4d86bd1-00")]
    public void FromSingle_ValidHeader_ReturnsTraceParent(string b3, string expected) =>
        B3TraceParent.FromSingle(b3).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("64fe8b2a57d3eff-e457b5a2e4d86bd1-1")]
    [InlineData("64fe8b2a57d3eff7-e457b5a2e4d86bd-1")]
    [InlineData("zzfe8b2a57d3eff7-e457b5a2e4d86bd1-1")]
    [InlineData("0000000000000000-e457b5a2e4d86bd1-1")]
    public void FromSingle_InvalidHeader_ReturnsNull(string? b3) =>
        B3TraceParent.FromSingle(b3).ShouldBeNull();

    [Theory]
    [InlineData("1", null, "01")]
    [InlineData("true", null, "01")]
    [InlineData("0", null, "00")]
    [InlineData(null, null, "00")]
    [InlineData(null, "1", "01")]
    public void FromMulti_SamplingHeaders_SetsTraceFlags(string? sampled, string? flags, string expectedFlags) =>
        B3TraceParent.FromMulti("463ac35c9f6413ad48485a3953bb6124", "0020000000000001", sampled, flags)
            .ShouldBe("00-463ac35c9f6413ad48485a3953bb6124-0020000000000001-" + expectedFlags);

    [Fact]
    public void FromMulti_MissingSpanId_ReturnsNull() =>
        B3TraceParent.FromMulti("463ac35c9f6413ad48485a3953bb6124", null, "1", null).ShouldBeNull();
}
