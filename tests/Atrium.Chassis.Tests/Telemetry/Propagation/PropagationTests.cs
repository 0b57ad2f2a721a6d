using System.Diagnostics;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Telemetry.Propagation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Telemetry.Propagation;

[Collection(TelemetryTestGroup.Name)]
public sealed class PropagationTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task Request_WithTraceParent_ContinuesTrace()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");
        await using var app = await StartContextAppAsync();
        using var client = NonPropagatingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/context"));
        request.Headers.Add("traceparent", $"00-{TraceId}-{SpanId}-01");

        var context = await SendAsync(client, request);

        context.ShouldBe($"{TraceId} {SpanId} Recorded ");
    }

    [Theory]
    [InlineData("x-b3-traceid", "a3ce929d0e0e4736")]
    [InlineData("x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("b3", null)]
    public async Task Request_WithB3Headers_ContinuesTrace(string header, string? traceId)
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");
        await using var app = await StartContextAppAsync();
        using var client = NonPropagatingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/context"));
        if (header == "b3")
        {
            request.Headers.Add("b3", $"{TraceId}-{SpanId}-1");
        }
        else
        {
            request.Headers.Add("x-b3-traceid", traceId);
            request.Headers.Add("x-b3-spanid", SpanId);
            request.Headers.Add("x-b3-sampled", "1");
        }

        var context = await SendAsync(client, request);

        context.ShouldBe($"{(traceId ?? TraceId).PadLeft(32, '0')} {SpanId} Recorded ");
    }

    [Fact]
    public async Task Request_WithTraceParentAndB3_PrefersTraceParent()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");
        await using var app = await StartContextAppAsync();
        using var client = NonPropagatingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/context"));
        request.Headers.Add("traceparent", $"00-{TraceId}-{SpanId}-01");
        request.Headers.Add("b3", "11111111111111111111111111111111-2222222222222222-1");

        var context = await SendAsync(client, request);

        context.ShouldStartWith($"{TraceId} {SpanId} ");
    }

    [Fact]
    public async Task OutgoingCall_InsideRequest_CarriesTraceParentAndBaggage()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");
        await using var echo = await TestWebApp.StartAsync(
            app => app.MapGet("/echo", (HttpRequest r) =>
                $"{r.Headers["traceparent"]}|{r.Headers["baggage"]}|{Activity.Current?.TraceId}"),
            services => services.AddAtriumPropagation());
        using var outbound = new HttpClient();
        await using var caller = await TestWebApp.StartAsync(
            app => app.MapGet("/call", async () =>
                $"{Activity.Current?.GetBaggageItem("tenant")}#{await outbound.GetStringAsync(new Uri(echo.Address, "/echo"))}"),
            services => services.AddAtriumPropagation());
        using var client = NonPropagatingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(caller.Address, "/call"));
        request.Headers.Add("traceparent", $"00-{TraceId}-{SpanId}-01");
        request.Headers.Add("baggage", "tenant=acme");

        var result = await SendAsync(client, request);

        var (callerBaggage, echoed) = (result.Split('#')[0], result.Split('#')[1].Split('|'));
        callerBaggage.ShouldBe("acme");
        var traceParent = echoed[0].Split('-');
        traceParent.Length.ShouldBe(4, echoed[0]);
        traceParent[1].ShouldBe(TraceId);
        traceParent[2].ShouldNotBe(SpanId);
        traceParent[3].ShouldBe("01");
        echoed[1].ShouldBe("tenant=acme");
        echoed[2].ShouldBe(TraceId);
    }

    [Theory]
    [InlineData(true, "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData(false, null)]
    public async Task Request_WithB3ToAppBuiltBeforeStart_IsContinuedOnlyWithAddAtriumPropagation(
        bool addPropagation, string? expectedTraceId)
    {
        // The web host registers the propagator that is current when the builder is created, which here
        // is the runtime default: only AddAtriumPropagation puts ours in the app's container.
        DistributedContextPropagator.Current.ShouldNotBeOfType<AtriumPropagator>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (addPropagation)
        {
            builder.Services.AddAtriumPropagation();
        }

        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");
        await using var app = builder.Build();
        app.MapGet("/context", () => Activity.Current!.TraceId.ToString());
        await app.StartAsync();
        using var client = NonPropagatingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Urls.Single() + "/context"));
        request.Headers.Add("b3", $"{TraceId}-{SpanId}-1");

        var traceId = await SendAsync(client, request);

        (traceId == TraceId).ShouldBe(expectedTraceId is not null, traceId);
        await app.StopAsync();
    }

    [Fact]
    public void Dispose_AfterStart_RestoresPreviousPropagator()
    {
        var previous = DistributedContextPropagator.Current;
        var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");

        telemetry.Dispose();

        DistributedContextPropagator.Current.ShouldBeSameAs(previous);
    }

    [Fact]
    public void AddAtriumPropagation_AfterHostRegisteredAnother_ReplacesIt()
    {
        var services = new ServiceCollection();
        services.TryAddSingleton(DistributedContextPropagator.CreateDefaultPropagator());

        services.AddAtriumPropagation();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<DistributedContextPropagator>().ShouldBeOfType<AtriumPropagator>();
        services.Count(d => d.ServiceType == typeof(DistributedContextPropagator)).ShouldBe(1);
    }

    [Fact]
    public void Start_Always_SetsCurrentPropagator()
    {
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "propagation-test");

        DistributedContextPropagator.Current.ShouldBeSameAs(AtriumPropagator.Instance);
    }

    private static Task<TestWebApp> StartContextAppAsync() =>
        TestWebApp.StartAsync(
            app => app.MapGet("/context", () =>
            {
                var activity = Activity.Current!;
                return $"{activity.TraceId} {activity.ParentSpanId} {activity.ActivityTraceFlags} {activity.GetBaggageItem("tenant")}";
            }),
            services => services.AddAtriumPropagation());

    // The test's own requests must carry only the headers a test sets, not a traceparent of its own.
    private static HttpClient NonPropagatingClient() =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() });

    private static async Task<string> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return body;
    }
}
