using System.Data.Common;
using Atrium.Chassis.Data.Persistence;
using Atrium.Chassis.Modularity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Note = Atrium.Chassis.Tests.Persistence.WriteTransactionTests.Note;
using NotesContext = Atrium.Chassis.Tests.Persistence.WriteTransactionTests.NotesContext;

namespace Atrium.Chassis.Tests.Persistence;

/// <summary>
/// Who owns a SQLite file's group commit: the host whose container registered the module's database. Each
/// <see cref="ModuleContext"/> is one process's; each service provider one module's host.
/// </summary>
public sealed class ModuleDatabaseTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"atrium-moduledb-{Guid.NewGuid():N}.db");
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _release.TrySetResult();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task AddModuleDatabase_TwoModulesOfOneProcessOnOneFile_TheirWritesShareABatch()
    {
        var process = NewProcess();
        await using var first = await StartHostAsync(process);
        await using var second = await StartHostAsync(process);
        var holder = await HoldAsync(first);

        var ours = WriteAsync(first, "first");
        var theirs = WriteAsync(second, "second");
        _release.SetResult();
        await holder.WaitAsync(Guard);

        (await theirs.WaitAsync(Guard)).ShouldBeSameAs(await ours.WaitAsync(Guard));
    }

    [Fact]
    public async Task AddModuleDatabase_HostOfAnotherProcessOnTheSameFile_WritesThroughAGroupCommitOfItsOwn()
    {
        await using var earlier = await StartHostAsync(NewProcess());
        await using var later = await StartHostAsync(NewProcess());
        var holder = await HoldAsync(earlier);

        var earlierWrite = WriteAsync(earlier, "earlier");
        // Not queued behind the earlier host's batch: it waits for the write lock in SQLite, on a connection of its own.
        var laterWrite = WriteAsync(later, "later");
        _release.SetResult();
        await holder.WaitAsync(Guard);

        (await laterWrite.WaitAsync(Guard)).ShouldNotBeSameAs(await earlierWrite.WaitAsync(Guard));
    }

    [Fact]
    public async Task AddModuleDatabase_HostDisposed_ItsGroupCommitRefusesAndANewHostOnTheFileWrites()
    {
        var process = NewProcess();
        var stopped = await StartHostAsync(process);
        await WriteAsync(stopped, "before").WaitAsync(Guard);
        // A writer that was at work on the host's options when the host stopped.
        await using var stale = new NotesContext(stopped.GetRequiredService<DbContextOptions<NotesContext>>());
        (await stale.Notes.CountAsync()).ShouldBe(1);

        await stopped.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(WriteTransaction.RunAsync(stale, () => Task.FromResult(0), CancellationToken.None).WaitAsync(Guard));
        await using var restarted = await StartHostAsync(process);
        await WriteAsync(restarted, "after").WaitAsync(Guard);
        await using var scope = restarted.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<NotesContext>().Notes.Select(n => n.Text).ToListAsync()).ShouldBe(["before", "after"], ignoreOrder: true);
    }

    private static ModuleContext NewProcess() => new(["tests"], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(5));

    private async Task<ServiceProvider> StartHostAsync(ModuleContext process)
    {
        var host = new ServiceCollection()
            .AddModuleDatabase<NotesContext>(process, DatabaseProvider.Sqlite, $"Data Source={_file}", "unused.db")
            .BuildServiceProvider();
        await using var scope = host.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotesContext>().Database.EnsureSchemaAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Starts a write on <paramref name="host"/> that waits for <see cref="_release"/>; returns once it holds the write lock.</summary>
    private async Task<Task> HoldAsync(ServiceProvider host)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = WriteAsync(host, "holder", async () =>
        {
            started.SetResult();
            await _release.Task;
        });
        await started.Task.WaitAsync(Guard);
        return holder;
    }

    /// <summary>Writes a note through <paramref name="host"/>'s context; returns the connection the work ran on.</summary>
    private static async Task<DbConnection> WriteAsync(ServiceProvider host, string text, Func<Task>? inWork = null)
    {
        await using var scope = host.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotesContext>();
        return await WriteTransaction.RunAsync(db, async () =>
        {
            if (inWork is not null)
            {
                await inWork();
            }

            db.Notes.Add(new Note { Text = text });
            await db.SaveChangesAsync();
            return db.Database.GetDbConnection();
        }, CancellationToken.None);
    }
}
