using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Modularity;
using Atrium.Contracts.Events;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>A service module's host over a SQLite file or a PostgreSQL database: its DbContext, outbox relay and (optionally) the account projection.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    public const string AccountsSubscription = "tests.accounts";

    private ServiceHost(IHost host, HandlerProbe probe)
    {
        Host = host;
        Probe = probe;
    }

    public IHost Host { get; }

    public HandlerProbe Probe { get; }

    public IServiceProvider Services => Host.Services;

    public static ModuleContext CreateContext(CapturingLoggerProvider? logs = null, TimeProvider? clock = null)
    {
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs ?? new CapturingLoggerProvider()));
        var context = new ModuleContext(["tests"], loggerFactory, clock ?? TimeProvider.System, TimeSpan.FromSeconds(5));
        context.Share(SharedEventTypes.Instance);
        return context;
    }

    public static ServiceHost Create(
        IServiceDatabase database,
        ModuleContext context,
        Action<OutboxOptions>? outbox = null,
        bool subscribeAccounts = true,
        CapturingLoggerProvider? logs = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs ?? new CapturingLoggerProvider());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var probe = new HandlerProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddDbContext<TestDb>(database.Configure);
        var eventing = builder.Services.AddEventing<TestDb>(context, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(200);
            outbox?.Invoke(o);
        });
        if (subscribeAccounts)
        {
            eventing.Subscribe<UserRegistered, AccountProjection>(AccountsSubscription);
        }

        return new ServiceHost(builder.Build(), probe);
    }

    public static UserRegistered NewUser() =>
        new(Guid.NewGuid(), $"{Guid.NewGuid():N}@example.test") { OccurredAt = TimeProvider.System.GetUtcNow() };

    public Task StartAsync() => Host.StartAsync();

    public Task StopAsync() => Host.StopAsync();

    /// <summary>Writes a widget and a user-registered event in one SaveChanges, as a service's command handler would.</summary>
    public async Task<UserRegistered> WriteAsync()
    {
        var user = NewUser();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        db.Widgets.Add(new Widget { Id = user.UserId, Name = "w" });
        db.Outbox().Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
