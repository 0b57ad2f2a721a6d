using Atrium.Chassis.Data.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Tests.Persistence;

public sealed class WriteTransactionTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"atrium-wtx-{Guid.NewGuid():N}.db");
    private readonly SqliteGroupCommit _groupCommit;

    public WriteTransactionTests() => _groupCommit = new SqliteGroupCommit($"Data Source={_file}");

    public void Dispose()
    {
        _groupCommit.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_RollsBackAndReleasesTheWriteLockAtOnce()
    {
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();

        await Should.ThrowAsync<InvalidOperationException>(() => WriteTransaction.RunAsync<int>(db, async () =>
        {
            db.Notes.Add(new Note { Text = "rolled back" });
            await db.SaveChangesAsync();
            throw new InvalidOperationException("a business refusal");
        }, CancellationToken.None));

        // Another connection writes without waiting, and the same context sees nothing of the failed work.
        await using (var other = new SqliteConnection($"Data Source={_file};Default Timeout=1"))
        {
            await other.OpenAsync();
            await using var busy = other.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout=0; INSERT INTO Notes (Text) VALUES ('other');";
            (await busy.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        (await db.Notes.Select(n => n.Text).ToListAsync()).ShouldBe(["other"]);
        (await WriteTransaction.RunAsync(db, async () =>
        {
            db.Notes.Add(new Note { Text = "next" });
            return await db.SaveChangesAsync();
        }, CancellationToken.None)).ShouldBe(1);
    }

    private NotesContext NewContext()
    {
        var options = new DbContextOptionsBuilder<NotesContext>();
        options.UseAtriumSqlite($"Data Source={_file}", _groupCommit);
        return new NotesContext(options.Options);
    }

    public sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }
}
