using Atrium.Chassis.Data.Persistence;
using Atrium.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Persistence;

/// <summary>
/// The persistence primitives the services build on, against both providers: the embedded SQLite file and a real
/// PostgreSQL server. Each test runs on a database of its own.
/// </summary>
public sealed class ProviderPersistenceTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"atrium-provider-{Guid.NewGuid():N}.db");
    private readonly SqliteGroupCommit _groupCommit;
    private string _postgres = "";

    public ProviderPersistenceTests() => _groupCommit = new SqliteGroupCommit($"Data Source={_file}");

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public async Task InitializeAsync() => _postgres = (await PostgresServer.Shared).NewDatabase("chassis");

    public async Task DisposeAsync()
    {
        await _groupCommit.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureSchemaAsync_NewDatabase_CreatesItAndIsIdempotent(DatabaseProvider provider)
    {
        await using (var db = NewContext(provider))
        {
            await db.Database.EnsureSchemaAsync(CancellationToken.None);
            await db.Database.EnsureSchemaAsync(CancellationToken.None);
            db.Counters.Add(new Counter { Id = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        await using var reopened = NewContext(provider);
        (await reopened.Counters.CountAsync()).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureSchemaAsync_SecondContextOnADatabaseWithTables_CreatesItsOwnTables(DatabaseProvider provider)
    {
        await (await CreateAsync(provider)).DisposeAsync();

        await using (var notes = NewNotesContext(provider))
        {
            await notes.Database.EnsureSchemaAsync(CancellationToken.None);
            await notes.Database.EnsureSchemaAsync(CancellationToken.None);
            notes.Notes.Add(new Note { Id = Guid.NewGuid(), Text = "kept" });
            await notes.SaveChangesAsync();
        }

        await using var reopened = NewNotesContext(provider);
        (await reopened.Notes.SingleAsync()).Text.ShouldBe("kept");
        await using var counters = NewContext(provider);
        (await counters.Counters.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnsureSchemaAsync_PartOfTheContextsTablesMissing_ThrowsNamingThem(DatabaseProvider provider)
    {
        await using (var db = await CreateAsync(provider))
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE counters");
        }

        await using var reopened = NewContext(provider);
        var ex = await Should.ThrowAsync<InvalidOperationException>(() => reopened.Database.EnsureSchemaAsync(CancellationToken.None));

        ex.Message.ShouldBe("The database holds only part of CountersContext's schema: counters missing. Restore it or start from an empty database.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task QueuesWriters_EachProvider_TrueOnlyWhereRowsAreLocked(DatabaseProvider provider)
    {
        await using var db = NewContext(provider);

        RowLocks.QueuesWriters(db).ShouldBe(provider == DatabaseProvider.PostgreSql);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InsertAsync_TwentyRacingCallsForOneKey_ExactlyOneIsFirst(DatabaseProvider provider)
    {
        await CreateAsync(provider);

        var firsts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var db = NewContext(provider);
            return await WriteTransaction.RunAsync(db, () => BranchBarrier.InsertAsync(db, "tx-1", "stock", "try", TimeProvider.System, CancellationToken.None), CancellationToken.None);
        })));

        firsts.Count(first => first).ShouldBe(1);
        await using var check = NewContext(provider);
        (await BranchBarrier.ExistsAsync(check, "tx-1", "stock", "try", CancellationToken.None)).ShouldBeTrue();
        (await BranchBarrier.ExistsAsync(check, "tx-1", "stock", "cancel", CancellationToken.None)).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_FortyWritersOfOneLockedRow_NoIncrementLost(DatabaseProvider provider)
    {
        var id = Guid.NewGuid();
        await using (var setup = await CreateAsync(provider))
        {
            setup.Counters.Add(new Counter { Id = id });
            await setup.SaveChangesAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            await using var db = NewContext(provider);
            await WriteTransaction.RunAsync(db, async () =>
            {
                var counter = (await db.Counters.FindForUpdateAsync([id], CancellationToken.None)).Single();
                counter.Increment();
                return await db.SaveChangesAsync();
            }, CancellationToken.None);
        })));

        await using var check = NewContext(provider);
        (await check.Counters.SingleAsync(c => c.Id == id)).Value.ShouldBe(40);
    }

    [Fact]
    public async Task RunAsync_PostgreSqlWritersWithoutTheLock_ConflictsAreRetriedAndNoIncrementLost()
    {
        var id = Guid.NewGuid();
        await using (var setup = await CreateAsync(DatabaseProvider.PostgreSql))
        {
            setup.Counters.Add(new Counter { Id = id });
            await setup.SaveChangesAsync();
        }

        // Few enough writers that the retries always get through; each lost race is a concurrency conflict, retried.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            await using var db = NewContext(DatabaseProvider.PostgreSql);
            await WriteTransaction.RunAsync(db, async () =>
            {
                var counter = await db.Counters.SingleAsync(c => c.Id == id);
                counter.Increment();
                return await db.SaveChangesAsync();
            }, CancellationToken.None);
        })));

        await using var check = NewContext(DatabaseProvider.PostgreSql);
        var final = await check.Counters.SingleAsync(c => c.Id == id);
        final.Value.ShouldBe(5);
        final.Version.ShouldBe(5);
    }

    [Fact]
    public async Task RunAsync_PostgreSqlWorkThrows_NothingOfItIsKept()
    {
        await using var db = await CreateAsync(DatabaseProvider.PostgreSql);

        await Should.ThrowAsync<InvalidOperationException>(() => WriteTransaction.RunAsync<int>(db, async () =>
        {
            db.Counters.Add(new Counter { Id = Guid.NewGuid() });
            await db.SaveChangesAsync();
            throw new InvalidOperationException("a business refusal");
        }, CancellationToken.None));

        await using var check = NewContext(DatabaseProvider.PostgreSql);
        (await check.Counters.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ModelCompiledQuery_OneContextTypeOnBothProviders_AnswersOnEach()
    {
        var find = new ModelCompiledQuery<Func<CountersContext, Guid, CancellationToken, Task<Counter?>>>(() =>
            EF.CompileAsyncQuery((CountersContext db, Guid id, CancellationToken cancellationToken) => db.Counters.SingleOrDefault(c => c.Id == id)));
        var ids = new Dictionary<DatabaseProvider, Guid>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            await using var db = await CreateAsync(provider);
            ids[provider] = Guid.NewGuid();
            db.Counters.Add(new Counter { Id = ids[provider] });
            await db.SaveChangesAsync();
        }

        // SQLite first, then PostgreSQL, then SQLite again: a query compiled once would run SQLite's plan on PostgreSQL.
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql, DatabaseProvider.Sqlite })
        {
            await using var db = NewContext(provider);
            (await find.For(db)(db, ids[provider], CancellationToken.None)).ShouldNotBeNull().Id.ShouldBe(ids[provider]);
            (await find.For(db)(db, Guid.NewGuid(), CancellationToken.None)).ShouldBeNull();
        }
    }

    private async Task<CountersContext> CreateAsync(DatabaseProvider provider)
    {
        var db = NewContext(provider);
        await db.Database.EnsureSchemaAsync(CancellationToken.None);
        return db;
    }

    private CountersContext NewContext(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<CountersContext>();
        _ = provider == DatabaseProvider.PostgreSql ? options.UseNpgsql(_postgres) : options.UseAtriumSqlite($"Data Source={_file}", _groupCommit);
        return new CountersContext(options.Options);
    }

    private NotesContext NewNotesContext(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<NotesContext>();
        _ = provider == DatabaseProvider.PostgreSql ? options.UseNpgsql(_postgres) : options.UseAtriumSqlite($"Data Source={_file}", _groupCommit);
        return new NotesContext(options.Options);
    }

    public sealed class Counter
    {
        public Guid Id { get; set; }

        public long Value { get; private set; }

        public int Version { get; private set; }

        public void Increment()
        {
            Value++;
            Version++;
        }
    }

    public sealed class CountersContext(DbContextOptions<CountersContext> options) : DbContext(options)
    {
        public DbSet<Counter> Counters => Set<Counter>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.AddBarrier();
            modelBuilder.Entity<Counter>(counter =>
            {
                counter.ToTable("counters");
                counter.Property(c => c.Version).IsConcurrencyToken();
            });
        }
    }

    public sealed class Note
    {
        public Guid Id { get; set; }

        public string Text { get; set; } = "";
    }

    /// <summary>A second context whose tables share <see cref="CountersContext"/>'s database.</summary>
    public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Note>().ToTable("notes");
    }
}
