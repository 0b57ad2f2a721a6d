namespace Atrium.Testing;

/// <summary>Finds the checkout the tests were built from by walking up to <c>Atrium.slnx</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Atrium.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Atrium.slnx above {AppContext.BaseDirectory}.");
    }
}
