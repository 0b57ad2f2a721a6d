using System.Text.RegularExpressions;

namespace Atrium.Identity.Tests.Domain;

public partial class DomainDependencyTests
{
    [Fact]
    public void DomainTypes_ReferenceOnlyTheBaseLibraryAndTheDomain()
    {
        var domainTypes = typeof(Atrium.Identity.Domain.User).Assembly.GetTypes()
            .Where(t => t.Namespace == "Atrium.Identity.Domain")
            .ToList();
        domainTypes.ShouldNotBeEmpty();

        var offenders = domainTypes
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Select(f => f.FieldType)
                .Concat(t.GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly)
                    .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Select(used => (Type: t, Used: used)))
            .Where(x => !IsAllowed(x.Used))
            .Select(x => $"{x.Type.Name} uses {x.Used.FullName}")
            .Distinct()
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Atrium.Identity", "Domain");
        var imports = Directory.GetFiles(folder, "*.cs")
            .SelectMany(f => File.ReadLines(f).Where(l => l.StartsWith("using ", StringComparison.Ordinal)).Select(l => (File: Path.GetFileName(f), Line: l)))
            .Where(x => !SystemUsing().IsMatch(x.Line))
            .Select(x => $"{x.File}: {x.Line}")
            .ToList();

        imports.ShouldBeEmpty();
    }

    private static bool IsAllowed(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        if (element.IsGenericType)
        {
            return element.GetGenericArguments().All(IsAllowed) && IsAllowed(element.GetGenericTypeDefinition().Assembly, element.Namespace);
        }

        return element.IsGenericParameter || IsAllowed(element.Assembly, element.Namespace);
    }

    private static bool IsAllowed(System.Reflection.Assembly assembly, string? ns) =>
        ns == "Atrium.Identity.Domain" || (assembly.GetName().Name is { } name && (name == "System.Private.CoreLib" || name.StartsWith("System.", StringComparison.Ordinal)) && ns?.StartsWith("System", StringComparison.Ordinal) == true);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Atrium.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Atrium.slnx not found above the test output.");
    }

    [GeneratedRegex(@"^using (static )?System(\.[A-Za-z.]+)?;$")]
    private static partial Regex SystemUsing();
}
