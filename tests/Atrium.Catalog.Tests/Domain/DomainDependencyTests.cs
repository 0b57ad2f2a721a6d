using System.Text.RegularExpressions;

namespace Atrium.Catalog.Tests.Domain;

public partial class DomainDependencyTests
{
    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Atrium.slnx")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir!.FullName, "src", "Atrium.Catalog", "Domain");
        var files = Directory.GetFiles(folder, "*.cs");
        files.ShouldNotBeEmpty();

        var imports = files
            .SelectMany(f => File.ReadLines(f).Where(l => l.StartsWith("using ", StringComparison.Ordinal)).Select(l => $"{Path.GetFileName(f)}: {l}"))
            .Where(l => !SystemUsing().IsMatch(l.Split(": ", 2)[1]))
            .ToList();

        imports.ShouldBeEmpty();
    }

    [GeneratedRegex(@"^using (static )?System(\.[A-Za-z.]+)?;$")]
    private static partial Regex SystemUsing();
}
