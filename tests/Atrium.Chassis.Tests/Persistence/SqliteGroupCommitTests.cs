using System.Collections.Concurrent;
using System.Data.Common;
using Atrium.Chassis.Data.Eventing;
using Atrium.Chassis.Data.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Persistence;

public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"atrium-group-{Guid.NewGuid():N}.db");
    private readonly OutboxSignal<GroupContext> _signal = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteGroupCommit _groupCommit;

    public SqliteGroupCommitTests() => _groupCommit = new SqliteGroupCommit(ConnectionString);

    private string ConnectionString => $"Data Source={_file}";

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _groupCommit.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task RunAsync_WritersQueuedBehindABatch_ShareOneConnectionAndAllCommit()
    {
        var holder = await HoldAsync();
        var connections = new ConcurrentBag<DbConnection>();
        var writers = Enumerable.Range(0, 5).Select(i => WriteNoteAsync($"note {i}", db => connections.Add(db.Database.GetDbConnection()))).ToList();

        _release.SetResult();
        await holder.WaitAsync(Guard);
        (await Task.WhenAll(writers).WaitAsync(Guard)).ShouldAllBe(saved => saved == 1);

        connections.Distinct().Count().ShouldBe(1);
        (await NotesAsync()).Count.ShouldBe(5);
    }

    [Fact]
    public async Task RunAsync_OneWorkOfABatchThrows_OnlyItsWorkIsUndone()
    {
        var holder = await HoldAsync();
        await using var failing = NewContext();
        DbConnection? batchConnection = null;
        var first = WriteNoteAsync("a", db => batchConnection = db.Database.GetDbConnection());
        var refused = WriteTransaction.RunAsync<int>(failing, async () =>
        {
            failing.Notes.Add(new Note { Text = "b" });
            await failing.SaveChangesAsync();
            throw new InvalidOperationException("a business refusal");
        }, CancellationToken.None);
        var last = WriteNoteAsync("c");

        _release.SetResult();
        await holder.WaitAsync(Guard);
        await Should.ThrowAsync<InvalidOperationException>(refused.WaitAsync(Guard));
        await Task.WhenAll(first, last).WaitAsync(Guard);

        (await NotesAsync()).ShouldBe(["a", "c"], ignoreOrder: true);
        // The failed work's context is back on its own connection, with nothing of the undone work tracked.
        failing.Database.GetDbConnection().ShouldNotBeSameAs(batchConnection);
        failing.Database.CurrentTransaction.ShouldBeNull();
        (await failing.Notes.Select(n => n.Text).ToListAsync()).ShouldBe(["a", "c"], ignoreOrder: true);
        failing.ChangeTracker.Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LaterWorkOfABatchHitsAnEarlierOnesKey_ItsCallerSeesTheEarlierCommitted()
    {
        var holder = await HoldAsync();
        var first = WriteNoteAsync("first", id: 42);
        await using var second = NewContext();
        var duplicate = WriteTransaction.RunAsync(second, async () =>
        {
            second.Notes.Add(new Note { Id = 42, Text = "second" });
            return await second.SaveChangesAsync();
        }, CancellationToken.None);
        // What a caller does on a duplicate key: look for the row that won (as placement does for a replayed key).
        var seenOnRefusal = duplicate.ContinueWith(
            async refused =>
            {
                refused.IsFaulted.ShouldBeTrue();
                return await second.Notes.Where(n => n.Id == 42).Select(n => n.Text).SingleOrDefaultAsync();
            },
            TaskScheduler.Default).Unwrap();

        _release.SetResult();
        await Task.WhenAll(holder, first).WaitAsync(Guard);

        (await seenOnRefusal.WaitAsync(Guard)).ShouldBe("first");
    }

    [Fact]
    public async Task RunAsync_QueuedWork_RunsInItsCallersExecutionContext()
    {
        var caller = new AsyncLocal<string?>();
        var holder = await HoldAsync();
        caller.Value = "the caller";
        string? seen = null;
        var queued = WriteNoteAsync("n", _ => seen = caller.Value);
        caller.Value = null;

        _release.SetResult();
        await Task.WhenAll(holder, queued).WaitAsync(Guard);

        seen.ShouldBe("the caller");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileQueued_EndsAtOnceWithoutRunning()
    {
        var holder = await HoldAsync();
        using var cancellation = new CancellationTokenSource();
        await using var db = NewContext();
        var ran = false;
        var queued = WriteTransaction.RunAsync(db, () =>
        {
            ran = true;
            return Task.FromResult(0);
        }, cancellation.Token);

        await cancellation.CancelAsync();
        // Ends while the batch ahead of it still holds the write lock.
        await Should.ThrowAsync<OperationCanceledException>(queued.WaitAsync(Guard));

        _release.SetResult();
        await holder.WaitAsync(Guard);
        (await WriteNoteAsync("after").WaitAsync(Guard)).ShouldBe(1);
        ran.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WorkMeetsAConflict_RunsAgainInALaterBatch()
    {
        await using var db = NewContext();
        var attempts = 0;

        var saved = await WriteTransaction.RunAsync(db, async () =>
        {
            db.Notes.Add(new Note { Text = $"attempt {++attempts}" });
            var rows = await db.SaveChangesAsync();
            return attempts == 1 ? throw new DbUpdateConcurrencyException("another writer won") : rows;
        }, CancellationToken.None).WaitAsync(Guard);

        saved.ShouldBe(1);
        (await NotesAsync()).ShouldBe(["attempt 2"]);
    }

    [Fact]
    public async Task RunAsync_ContextWithItsConnectionOpen_RunsAloneOnItAndCommits()
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        var own = db.Database.GetDbConnection();
        DbConnection? used = null;

        (await WriteTransaction.RunAsync(db, async () =>
        {
            used = db.Database.GetDbConnection();
            db.Notes.Add(new Note { Text = "alone" });
            return await db.SaveChangesAsync();
        }, CancellationToken.None).WaitAsync(Guard)).ShouldBe(1);

        used.ShouldBeSameAs(own);
        (await NotesAsync()).ShouldBe(["alone"]);
    }

    [Fact]
    public async Task RunAsync_WorkAddsAnOutboxRow_NudgesTheRelayOnceCommitted()
    {
        await using var db = NewContext();

        await WriteTransaction.RunAsync(db, () =>
        {
            var now = DateTimeOffset.UtcNow;
            db.Set<OutboxMessage>().Add(new OutboxMessage { Id = Guid.NewGuid(), Type = "test.event", Payload = [1], OccurredAt = now, NextAttemptAt = now });
            return db.SaveChangesAsync();
        }, CancellationToken.None).WaitAsync(Guard);

        // Without the nudge the relay would sleep for its whole poll interval.
        await _signal.WaitAsync(TimeSpan.FromMinutes(10), TimeProvider.System, CancellationToken.None).WaitAsync(Guard);
    }

    [Fact]
    public async Task DisposeAsync_WorkQueuedBehindABatch_CompletesOnceThatWorkHasCommitted()
    {
        var holder = await HoldAsync();
        await using var db = NewContext();
        var queued = WriteTransaction.RunAsync(db, async () =>
        {
            db.Notes.Add(new Note { Text = "queued" });
            return await db.SaveChangesAsync();
        }, CancellationToken.None);

        var disposed = _groupCommit.DisposeAsync().AsTask();
        _release.SetResult();
        await Task.WhenAll(holder, disposed).WaitAsync(Guard);

        queued.IsCompletedSuccessfully.ShouldBeTrue();
        (await NotesAsync()).ShouldBe(["queued"]);
    }

    [Fact]
    public async Task RunAsync_AfterDispose_RefusedWithoutRunning()
    {
        await _groupCommit.DisposeAsync();
        await using var db = NewContext();
        var ran = false;

        await Should.ThrowAsync<ObjectDisposedException>(WriteTransaction.RunAsync(db, () =>
        {
            ran = true;
            return Task.FromResult(0);
        }, CancellationToken.None).WaitAsync(Guard));

        ran.ShouldBeFalse();
    }

    /// <summary>Starts a write whose work waits for <see cref="_release"/>, and returns once it holds the write lock.</summary>
    private async Task<Task> HoldAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var db = NewContext();
        var holder = WriteTransaction.RunAsync(db, async () =>
        {
            started.SetResult();
            await _release.Task;
            return 0;
        }, CancellationToken.None);
        await started.Task.WaitAsync(Guard);
        return holder.ContinueWith(_ => db.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
    }

    private async Task<int> WriteNoteAsync(string text, Action<GroupContext>? inWork = null, int id = 0)
    {
        await using var db = NewContext();
        return await WriteTransaction.RunAsync(db, async () =>
        {
            inWork?.Invoke(db);
            db.Notes.Add(new Note { Id = id, Text = text });
            return await db.SaveChangesAsync();
        }, CancellationToken.None);
    }

    private async Task<List<string>> NotesAsync()
    {
        await using var db = NewContext();
        return await db.Notes.Select(n => n.Text).ToListAsync();
    }

    private GroupContext NewContext()
    {
        var options = new DbContextOptionsBuilder<GroupContext>();
        options.UseAtriumSqlite(ConnectionString, _groupCommit).AddInterceptors(new OutboxNudgeInterceptor<GroupContext>(_signal));
        return new GroupContext(options.Options);
    }

    public sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class GroupContext(DbContextOptions<GroupContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutbox();
    }
}
