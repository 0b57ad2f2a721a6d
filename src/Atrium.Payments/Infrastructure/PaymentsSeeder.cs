using Atrium.Chassis.Data.Persistence;
using Atrium.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Payments.Infrastructure;

/// <summary>
/// At start: creates the schema if the database is new, turns on WAL, and opens the merchant's sub-accounts and the
/// funding account if they are not there yet (all at zero, so the sum of all balances starts at zero). A database of an
/// earlier version has the first sub-account already (the one merchant account then) and gets the others.
/// </summary>
internal sealed class PaymentsSeeder(IServiceScopeFactory scopes, PaymentsOptions options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await db.Database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var wanted = SystemAccounts.MerchantShards.Select(id => (Id: id, Kind: AccountKind.Merchant)).Append((Id: SystemAccounts.Funding, Kind: AccountKind.Funding)).ToList();
        var ids = wanted.Select(w => w.Id).ToList();
        var open = await db.Accounts.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (id, kind) in wanted.Where(w => !open.Contains(w.Id)))
        {
            db.Accounts.Add(Account.OpenSystem(id, kind, options.Currency, time.GetUtcNow()));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
