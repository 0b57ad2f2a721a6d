using System.Net;
using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Eventing.RabbitMq;
using Atrium.Chassis.Health;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Modularity;
using Atrium.Chassis.Tests.Eventing.Fixtures;
using Atrium.Contracts.Events;
using Atrium.Chassis.Telemetry;
using Atrium.Chassis.Tests.Telemetry;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Chassis.Tests.Eventing.RabbitMq;

/// <summary>
/// A service module's <c>/readyz</c> over HTTP while its broker is down. A module host needs telemetry, which a process
/// runs once at a time, so these run with the telemetry tests, never beside them.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class RabbitMqReadinessTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Readyz_BrokerStoppedAndStarted_NamesTheBrokerWhileItIsDown()
    {
        await using var broker = await RabbitMqServer.StartNewAsync();
        var options = BrokerProcess.TestOptions(broker.NewVirtualHost().Uri);
        // A telemetry of its own, stopped with the test: the one a module host shares otherwise lives as long as the
        // process, and the telemetry tests of this process each start their own.
        using var telemetry = AtriumTelemetry.Start(new TelemetryOptions(), "tests");
        await using var module = await ModuleTestHost.StartAsync<ServiceModuleOptions>("tests", context =>
        {
            // A service module as Modules.cs wires one: the process's transport first, then the module's web host.
            var transport = context.UseRabbitMqEventTransport(options, []);
            var builder = ModuleWebHost.CreateBuilder(context, "tests", context.Get<ConfigStore>().Current.Get<ServiceModuleOptions>("tests").Listen);
            builder.Services.AddDbContext<TestDb>(o => o.UseSqlite(_database.ConnectionString));
            builder.Services.AddEventing<TestDb>(context).Subscribe<UserRegistered, AccountProjection>(ServiceHost.AccountsSubscription);
            builder.Services.AddSingleton(new HandlerProbe());
            return new CompositeModuleService([new RabbitMqTransportService(transport), ModuleWebHost.Build(builder, _ => { })]);
        }, telemetry: telemetry);
        using var client = module.Client();
        (await ReadinessAsync(client)).Status.ShouldBe(HttpStatusCode.OK);

        await broker.StopAsync();

        await Eventually.UntilAsync(async () => (await ReadinessAsync(client)).Status == HttpStatusCode.ServiceUnavailable, "/readyz answers 503");
        var (_, failed, description) = await ReadinessAsync(client);
        failed.ShouldBe([BrokerHealthCheck.Name]);
        description.ShouldNotBeNull().ShouldContain("unreachable");
        await broker.StartAsync();
        await Eventually.UntilAsync(async () => (await ReadinessAsync(client)).Status == HttpStatusCode.OK, "/readyz answers 200 again", TimeSpan.FromSeconds(60));
    }

    private static async Task<(HttpStatusCode Status, string[] Failed, string? BrokerDescription)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync(HealthEndpoints.ReadinessPath);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var failed = json.RootElement.GetProperty("failed").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var broker = json.RootElement.GetProperty("checks").TryGetProperty(BrokerHealthCheck.Name, out var check) ? check.GetProperty("description").GetString() : null;
        return (response.StatusCode, failed, broker);
    }
}
