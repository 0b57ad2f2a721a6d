namespace Atrium.Tests.Commands;

/// <summary>A config file in its own temporary directory, deleted on dispose.</summary>
internal sealed class TempConfigFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-tests-").FullName;

    public TempConfigFile(string yaml)
    {
        Path = System.IO.Path.Combine(_directory, "atrium.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
