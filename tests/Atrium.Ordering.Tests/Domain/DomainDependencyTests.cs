using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Domain;

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
    public void DomainSources_DeclareOnlyTheDomainNamespace()
    {
        var namespaces = Directory.GetFiles(SourceDomainFolder(), "*.cs")
            .SelectMany(file => File.ReadLines(file).Where(l => l.StartsWith("namespace ", StringComparison.Ordinal)))
            .Distinct()
            .ToList();

        namespaces.ShouldBe(["namespace Atrium.Ordering.Domain;"]);
    }

    [Fact]
    public void DomainAssemblyTypes_ReferenceNothingOutsideTheBclAndTheDomain()
    {
        var domain = typeof(Order).Namespace!;
        var types = typeof(Order).Assembly.GetTypes().Where(t => t.Namespace == domain).ToList();
        types.ShouldContain(typeof(OrderSaga));

        var foreign = types
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(MemberTypes)
                .Concat(t.BaseType is { } b ? [b] : [])
                .Concat(t.GetInterfaces())
                .Select(used => (Type: t, Used: used)))
            .SelectMany(p => Unwrap(p.Used).Select(used => (p.Type, Used: used)))
            .Where(p => p.Used.Namespace is { } ns && ns != domain && !ns.StartsWith("System", StringComparison.Ordinal))
            .Select(p => $"{p.Type.Name} uses {p.Used.FullName}")
            .Distinct()
            .ToList();

        foreign.ShouldBeEmpty();
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo member) => member switch
    {
        PropertyInfo p => [p.PropertyType],
        FieldInfo f => [f.FieldType],
        MethodBase m => m.GetParameters().Select(p => p.ParameterType).Concat(m is MethodInfo mi ? [mi.ReturnType] : []),
        _ => [],
    };

    // List<OrderLine>, OrderLine[] and Task<T> count as what they are made of.
    private static IEnumerable<Type> Unwrap(Type type) =>
        type.HasElementType ? Unwrap(type.GetElementType()!)
        : type.IsGenericType ? [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Unwrap)]
        : [type];

    // This file is tests/Atrium.Ordering.Tests/Domain/; the sources are src/Atrium.Ordering/Domain/.
    private static string SourceDomainFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "Atrium.Ordering", "Domain"));

    [GeneratedRegex(@"^using (static )?System(\.[A-Za-z.]+)?;$")]
    private static partial Regex BclUsing();
}
