// What one SQLite write transaction costs in CPU, EF Core against plain Microsoft.Data.Sqlite, single-threaded on a
// warm WAL database: the fixed cost under every saga step, inbox delivery and placement in bench/orders.sh. Prints
// microseconds of process CPU per iteration for each variant, after a first unmeasured round.
// Usage: dotnet run -c Release --project bench/SqliteTxBench [ITERATIONS=20000]
using System.Diagnostics;
using System.Globalization;
using Atrium.Chassis.Data.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

var iterations = args is [var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 20_000;
var file = Path.Combine(Path.GetTempPath(), $"atrium-txbench-{Guid.NewGuid():N}.db");
var builder = new DbContextOptionsBuilder<BenchDb>();
// The file's group commit, as a module's host holds one; its write transactions go through it.
await using var groupCommit = new SqliteGroupCommit($"Data Source={file}");
builder.UseAtriumSqlite($"Data Source={file}", groupCommit);
var options = builder.Options;
try
{
    var ids = await SeedAsync(options);
    var load = EF.CompileAsyncQuery((BenchDb db, Guid id) => db.Rows.Single(r => r.Id == id));

    await MeasureAsync("EF: empty WriteTransaction (open, BEGIN, COMMIT, close)", i =>
        WithContextAsync(db => WriteTransaction.RunAsync(db, () => Task.FromResult(0), CancellationToken.None)));
    await MeasureAsync("EF: WriteTransaction, compiled load + SaveChanges of one row", i =>
        WithContextAsync(db => WriteTransaction.RunAsync(db, async () =>
        {
            var row = await load(db, ids[i % ids.Count]);
            row.Touch();
            return await db.SaveChangesAsync();
        }, CancellationToken.None)));
    await MeasureAsync("EF: compiled load, no transaction", i => WithContextAsync(async db => await load(db, ids[i % ids.Count])));
    await MeasureAsync("EF: new context only", _ => WithContextAsync(db => Task.FromResult(db.Database.GetDbConnection())));

    var connectionString = $"Data Source={file}";
    await MeasureAsync("ADO: open, UPDATE (autocommit), close", async i =>
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Update(connection, ids[i % ids.Count]);
        await command.ExecuteNonQueryAsync();
    });
    await using var open = new SqliteConnection(connectionString);
    await open.OpenAsync();
    await MeasureAsync("ADO: kept open, BEGIN IMMEDIATE, UPDATE, COMMIT", async i =>
    {
        await using var transaction = open.BeginTransaction(deferred: false);
        await using var command = Update(open, ids[i % ids.Count]);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    });
}
finally
{
    SqliteConnection.ClearAllPools();
    foreach (var path in new[] { file, file + "-wal", file + "-shm" })
    {
        File.Delete(path);
    }
}

return 0;

async Task WithContextAsync<T>(Func<BenchDb, Task<T>> work)
{
    await using var db = new BenchDb(options);
    await work(db);
}

async Task MeasureAsync(string name, Func<int, Task> iteration)
{
    for (var round = 0; round < 2; round++)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            await iteration(i);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        if (round == 1)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMicroseconds / iterations,8:F1} us  {name}"));
        }
    }
}

static SqliteCommand Update(SqliteConnection connection, Guid id)
{
    var command = connection.CreateCommand();
    command.CommandText = "UPDATE Rows SET Version = Version + 1 WHERE Id = $id";
    command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
    return command;
}

static async Task<List<Guid>> SeedAsync(DbContextOptions<BenchDb> options)
{
    await using var db = new BenchDb(options);
    await db.Database.EnsureCreatedAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    var rows = Enumerable.Range(0, 1000).Select(_ => new BenchRow(Guid.NewGuid())).ToList();
    db.Rows.AddRange(rows);
    await db.SaveChangesAsync();
    return [.. rows.Select(r => r.Id)];
}
