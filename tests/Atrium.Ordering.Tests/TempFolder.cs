using Microsoft.Data.Sqlite;

namespace Atrium.Ordering.Tests;

/// <summary>A temp folder that outlives the components using it (a database reopened after a "crash"); deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"atrium-ordering-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
