using Atrium.Chassis.Data.Persistence;
using Atrium.Ordering.Application.ReadModel;
using Atrium.Ordering.Infrastructure.ReadModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Ordering.Infrastructure;

/// <summary>
/// At start, before the relay and the saga scheduler: creates the command side's and the read model's schemas where
/// they are new, turns on WAL, and catches the read model up.
/// </summary>
internal sealed partial class OrderingSchema(IServiceScopeFactory scopes, ILogger<OrderingSchema> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var read = scope.ServiceProvider.GetRequiredService<OrderReadDbContext>();
        await db.Database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await read.Database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var repaired = await ReadModelCatchUp.RunAsync(db, read, cancellationToken).ConfigureAwait(false);
        if (repaired > 0)
        {
            LogCaughtUp(logger, repaired);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = OrderingEventIds.ReadModelCaughtUp, Level = LogLevel.Information, Message = "Read model caught up: {Count} order views rewritten from the orders or removed for want of one")]
    private static partial void LogCaughtUp(ILogger logger, int count);
}
