using Atrium.Chassis.Persistence;
using Atrium.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// At start: creates the schema if the database is new, turns on WAL, and opens the merchant and funding accounts
/// if they are not there yet (both at zero, so the sum of all balances starts at zero).
/// </summary>
internal sealed class PaymentsSeeder(IServiceScopeFactory scopes, PaymentsOptions options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await db.Database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (id, kind) in new[] { (SystemAccounts.Merchant, AccountKind.Merchant), (SystemAccounts.Funding, AccountKind.Funding) })
        {
            if (!await db.Accounts.AnyAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false))
            {
                db.Accounts.Add(Account.OpenSystem(id, kind, options.Currency, time.GetUtcNow()));
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
