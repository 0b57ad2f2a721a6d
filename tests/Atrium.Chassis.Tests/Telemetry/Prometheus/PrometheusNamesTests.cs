using Atrium.Chassis.Telemetry.Prometheus;

namespace Atrium.Chassis.Tests.Telemetry.Prometheus;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds")]
    [InlineData("latency", "ms", "Histogram", "latency_milliseconds")]
    [InlineData("payload", "By", "Gauge", "payload_bytes")]
    [InlineData("requests", "{request}", "Counter", "requests_total")]
    [InlineData("ratio", "1", "Gauge", "ratio")]
    [InlineData("wait_seconds", "s", "Gauge", "wait_seconds")]
    [InlineData("sent_total", "By", "Counter", "sent_bytes_total")]
    [InlineData("throughput", "By/s", "Gauge", "throughput_bytes_per_second")]
    [InlineData("rate", "{request}/s", "Gauge", "rate_per_second")]
    [InlineData("9lives", null, "Gauge", "_9lives")]
    [InlineData("dotnet.assembly.count", "{assembly}", "Gauge", "dotnet_assembly_count_value")]
    [InlineData("queue.sum", null, "Gauge", "queue_sum_value")]
    [InlineData("retry.count", "{retry}", "Counter", "retry_count_total")]
    [InlineData("a..b-c:d", "", "Gauge", "a_b_c:d")]
    public void MetricName_InstrumentAndUnit_BuildsPrometheusName(
        string instrument, string? unit, string type, string expected) =>
        PrometheusNames.MetricName(instrument, unit, Enum.Parse<PrometheusMetricType>(type)).ShouldBe(expected);

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("a:b", "a_b")]
    [InlineData("1st", "_1st")]
    public void LabelName_AttributeKey_Sanitises(string key, string expected) =>
        PrometheusNames.LabelName(key).ShouldBe(expected);

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.25, "0.25")]
    [InlineData(-3.0, "-3")]
    public void FormatDouble_SpecialAndFiniteValues_UsesPrometheusSpelling(double value, string expected) =>
        PrometheusTextWriter.FormatDouble(value).ShouldBe(expected);
}
