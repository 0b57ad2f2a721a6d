using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Atrium.Payments.Tests.Domain;

public partial class DomainDependencyTests
{
    [Fact]
    public void DomainSources_ImportOnlySystemNamespaces()
    {
        var files = Directory.GetFiles(SourceDomainFolder(), "*.cs");
        files.ShouldNotBeEmpty();

        var foreign = files
            .SelectMany(file => File.ReadLines(file).Select(line => (File: Path.GetFileName(file), Line: line.Trim())))
            .Where(l => l.Line.StartsWith("using ", StringComparison.Ordinal) && !l.Line.StartsWith("using (", StringComparison.Ordinal) && !BclUsing().IsMatch(l.Line))
            .Select(l => $"{l.File}: {l.Line}")
            .ToList();

        foreign.ShouldBeEmpty();
    }

    [Fact]
    public void DomainAssemblyTypes_ReferenceNothingOutsideTheBclAndTheDomain()
    {
        var domain = typeof(Atrium.Payments.Domain.Account).Namespace!;
        var types = typeof(Atrium.Payments.Domain.Account).Assembly.GetTypes().Where(t => t.Namespace == domain).ToList();

        var foreign = types
            .SelectMany(t => t.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
                .SelectMany(MemberTypes)
                .Select(used => (Type: t, Used: used)))
            .Where(p => p.Used.Namespace is { } ns && ns != domain && !ns.StartsWith("System", StringComparison.Ordinal))
            .Select(p => $"{p.Type.Name} uses {p.Used.FullName}")
            .Distinct()
            .ToList();

        foreign.ShouldBeEmpty();
    }

    private static IEnumerable<Type> MemberTypes(System.Reflection.MemberInfo member) => member switch
    {
        System.Reflection.PropertyInfo p => [p.PropertyType],
        System.Reflection.FieldInfo f => [f.FieldType],
        System.Reflection.MethodBase m => m.GetParameters().Select(p => p.ParameterType).Concat(m is System.Reflection.MethodInfo mi ? [mi.ReturnType] : []),
        _ => [],
    };

    // This file is tests/Atrium.Payments.Tests/Domain/; the sources are src/Atrium.Payments/Domain/.
    private static string SourceDomainFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "Atrium.Payments", "Domain"));

    [GeneratedRegex(@"^using (static )?System(\.[A-Za-z.]+)?;$")]
    private static partial Regex BclUsing();
}
