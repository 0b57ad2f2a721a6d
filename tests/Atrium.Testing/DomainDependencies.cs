using System.Reflection;
using System.Text.RegularExpressions;

namespace Atrium.Testing;

/// <summary>
/// What a service's Domain folder depends on, for the tests that hold it to the rule "Domain references nothing
/// else": its sources' <c>using</c> lines and namespaces, and every type its compiled types' members use.
/// </summary>
public static partial class DomainDependencies
{
    /// <summary>The <c>using</c> lines in <c>src/{project}/Domain/*.cs</c> that import something other than System.*, as <c>File.cs: using X;</c>.</summary>
    public static List<string> ForeignImports(string project) =>
        Sources(project)
            .SelectMany(file => File.ReadLines(file).Select(line => (File: Path.GetFileName(file), Line: line.Trim())))
            .Where(l => l.Line.StartsWith("using ", StringComparison.Ordinal) && !l.Line.StartsWith("using (", StringComparison.Ordinal) && !BclUsing().IsMatch(l.Line))
            .Select(l => $"{l.File}: {l.Line}")
            .ToList();

    /// <summary>The distinct <c>namespace</c> lines of <c>src/{project}/Domain/*.cs</c>.</summary>
    public static List<string> DeclaredNamespaces(string project) =>
        Sources(project)
            .SelectMany(file => File.ReadLines(file).Where(l => l.StartsWith("namespace ", StringComparison.Ordinal)))
            .Distinct()
            .ToList();

    /// <summary>
    /// Every type outside the BCL and <paramref name="domain"/>'s namespace that a member, base type or interface of a
    /// type in that namespace uses (generic arguments and element types included), as <c>Type uses Other</c>.
    /// </summary>
    public static List<string> ForeignTypeReferences(Type domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var ns = domain.Namespace!;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return domain.Assembly.GetTypes().Where(t => t.Namespace == ns)
            .SelectMany(t => t.GetMembers(all).SelectMany(MemberTypes)
                .Concat(t.BaseType is { } b ? [b] : [])
                .Concat(t.GetInterfaces())
                .SelectMany(Unwrap)
                .Select(used => (Type: t, Used: used)))
            .Where(p => p.Used.Namespace is { } used && used != ns && !used.StartsWith("System", StringComparison.Ordinal))
            .Select(p => $"{p.Type.Name} uses {p.Used.FullName}")
            .Distinct()
            .ToList();
    }

    private static string[] Sources(string project)
    {
        var files = Directory.GetFiles(RepositoryRoot.File("src", project, "Domain"), "*.cs");
        return files.Length > 0 ? files : throw new InvalidOperationException($"src/{project}/Domain has no sources.");
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

    [GeneratedRegex(@"^using (static )?System(\.[A-Za-z.]+)?;$")]
    private static partial Regex BclUsing();
}
