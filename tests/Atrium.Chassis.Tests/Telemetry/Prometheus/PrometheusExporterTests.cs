using System.Diagnostics.Metrics;

namespace Atrium.Chassis.Tests.Telemetry.Prometheus;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Scrape_Counter_WritesTotalSeriesPerTagSet()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        var counter = meter.CreateCounter<long>("orders.created", "{order}", "Orders created.");
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(2, new KeyValuePair<string, object?>("kind", "b"));
        counter.Add(4, new KeyValuePair<string, object?>("kind", "a"));

        harness.Scrape().ShouldBe(
            """
            # HELP orders_created_total Orders created.
            # TYPE orders_created_total counter
            orders_created_total{kind="a"} 7
            orders_created_total{kind="b"} 2

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_CounterWithSecondsUnit_AddsUnitBeforeTotal()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        meter.CreateCounter<double>("cpu.time", "s", "CPU time.").Add(1.5);

        harness.Scrape().ShouldBe(
            """
            # HELP cpu_time_seconds_total CPU time.
            # TYPE cpu_time_seconds_total counter
            cpu_time_seconds_total 1.5

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_UpDownCounter_WritesGauge()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        var depth = meter.CreateUpDownCounter<int>("queue.depth", "{item}", "Items waiting.");
        depth.Add(5);
        depth.Add(-7);

        harness.Scrape().ShouldBe(
            """
            # HELP queue_depth Items waiting.
            # TYPE queue_depth gauge
            queue_depth -2

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_Gauge_WritesLastValueWithUnitSuffix()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        var gauge = meter.CreateGauge<double>("memory.used", "By", "Memory in use.");
        gauge.Record(100);
        gauge.Record(2048.5);

        harness.Scrape().ShouldBe(
            """
            # HELP memory_used_bytes Memory in use.
            # TYPE memory_used_bytes gauge
            memory_used_bytes 2048.5

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_ObservableGaugeWithoutDescription_UsesInstrumentNameAsHelp()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        meter.CreateObservableGauge("pool.size", () => 12L);

        harness.Scrape().ShouldBe(
            """
            # HELP pool_size pool.size
            # TYPE pool_size gauge
            pool_size 12

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_HistogramWithExplicitBuckets_WritesCumulativeBucketsSumAndCount()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        var histogram = meter.CreateHistogram(
            "request.duration",
            "s",
            "Request duration.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        histogram.Record(0.25);
        histogram.Record(0.5);
        histogram.Record(2);
        histogram.Record(0.05);

        harness.Scrape().ShouldBe(
            """
            # HELP request_duration_seconds Request duration.
            # TYPE request_duration_seconds histogram
            request_duration_seconds_bucket{le="0.1"} 1
            request_duration_seconds_bucket{le="1"} 3
            request_duration_seconds_bucket{le="+Inf"} 4
            request_duration_seconds_sum 2.8
            request_duration_seconds_count 4

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_TagsAndHelpNeedingEscapes_EscapesThemAndSanitisesLabelNames()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        var counter = meter.CreateCounter<long>("files.read", null, "Files read from C:\\data\nper path.");
        counter.Add(
            1,
            new KeyValuePair<string, object?>("file.path", "C:\\dir \"x\"\nline2"),
            new KeyValuePair<string, object?>("2xx-ok", true));

        harness.Scrape().ShouldBe(
            """
            # HELP files_read_total Files read from C:\\data\nper path.
            # TYPE files_read_total counter
            files_read_total{_2xx_ok="true",file_path="C:\\dir \"x\"\nline2"} 1

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_TwoMetersWithSameName_MergesSeriesBySumming()
    {
        using var harness = new ScrapeHarness();
        using var first = new Meter(harness.MeterName);
        using var second = new Meter(harness.MeterName);
        first.CreateCounter<long>("hits", null, "Hits.").Add(2, new KeyValuePair<string, object?>("route", "/a"));
        second.CreateCounter<long>("hits", null, "Hits.").Add(3, new KeyValuePair<string, object?>("route", "/a"));
        second.CreateCounter<long>("hits", null, "Hits.").Add(1, new KeyValuePair<string, object?>("route", "/b"));

        harness.Scrape().ShouldBe(
            """
            # HELP hits_total Hits.
            # TYPE hits_total counter
            hits_total{route="/a"} 5
            hits_total{route="/b"} 1

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_TwoMetersWithTags_WritesMeterTagsAsLabels()
    {
        using var harness = new ScrapeHarness();
        using var first = new Meter(new MeterOptions(harness.MeterName) { Tags = [new("app", "one")] });
        using var second = new Meter(new MeterOptions(harness.MeterName) { Tags = [new("app", "two")] });
        first.CreateCounter<long>("hits", null, "Hits.").Add(2);
        second.CreateCounter<long>("hits", null, "Hits.").Add(3);

        harness.Scrape().ShouldBe(
            """
            # HELP hits_total Hits.
            # TYPE hits_total counter
            hits_total{app="one"} 2
            hits_total{app="two"} 3

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scrape_SameNameDifferentTypes_KeepsFirstFamilyOnly()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        meter.CreateUpDownCounter<long>("jobs", null, "Jobs.").Add(4);
        meter.CreateHistogram<long>("jobs", null, "Jobs too.").Record(1);

        harness.Scrape().ShouldBe(
            """
            # HELP jobs Jobs.
            # TYPE jobs gauge
            jobs 4

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Scrape_ConcurrentScrapes_EachReturnsCompleteExposition()
    {
        using var harness = new ScrapeHarness();
        using var meter = new Meter(harness.MeterName);
        var counter = meter.CreateCounter<long>("ticks", null, "Ticks.");
        counter.Add(1);

        var scrapes = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(harness.Scrape)));

        scrapes.ShouldAllBe(text => text == "# HELP ticks_total Ticks.\n# TYPE ticks_total counter\nticks_total 1\n");
    }
}
