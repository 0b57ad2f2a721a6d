using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;

namespace Atrium.Chassis.Configuration;

/// <summary>Cached reflection facts about a type the binder, validator and JSON writer walk.</summary>
internal sealed class ConfigTypeModel
{
    private static readonly ConcurrentDictionary<Type, ConfigTypeModel> Cache = new();

    private static readonly HashSet<Type> ScalarTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal), typeof(TimeSpan), typeof(Uri),
    ];

    private ConfigTypeModel(Type type)
    {
        Type = type;
        var underlying = Nullable.GetUnderlyingType(type);
        IsNullableValueType = underlying is not null;
        ValueType = underlying ?? type;
        Kind = Classify(ValueType, out var elementType);
        ElementType = elementType;
        Properties = Kind == ConfigTypeKind.Object ? ReadProperties(ValueType) : [];
        PropertiesByKey = Properties.ToDictionary(p => p.Key, StringComparer.Ordinal);
    }

    public Type Type { get; }

    /// <summary>The type itself, or T for <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; }

    public bool IsNullableValueType { get; }

    public ConfigTypeKind Kind { get; }

    /// <summary>Element type of a list or value type of a dictionary.</summary>
    public Type? ElementType { get; }

    public IReadOnlyList<ConfigPropertyModel> Properties { get; }

    public IReadOnlyDictionary<string, ConfigPropertyModel> PropertiesByKey { get; }

    public static ConfigTypeModel Get(Type type) => Cache.GetOrAdd(type, static t => new ConfigTypeModel(t));

    /// <summary>Describes the expected YAML for messages: "an integer", "a duration", "a list".</summary>
    public string Describe() => Kind switch
    {
        ConfigTypeKind.List => "a list",
        ConfigTypeKind.Dictionary or ConfigTypeKind.Object => "a mapping",
        ConfigTypeKind.Scalar => ScalarConverter.Describe(ValueType),
        _ => $"a value of unsupported type {ValueType.Name}",
    };

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigTrimming.Justification)]
    private static ConfigTypeKind Classify(Type type, out Type? elementType)
    {
        elementType = null;
        if (ScalarTypes.Contains(type) || type.IsEnum)
        {
            return ConfigTypeKind.Scalar;
        }

        if (type.IsArray && type.GetArrayRank() == 1)
        {
            elementType = type.GetElementType();
            return ConfigTypeKind.List;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>)
                || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>))
            {
                elementType = args[0];
                return ConfigTypeKind.List;
            }

            if ((definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>))
                && args[0] == typeof(string))
            {
                elementType = args[1];
                return ConfigTypeKind.Dictionary;
            }
        }

        // Other collections (Dictionary<int, T>, HashSet<T>...) would otherwise look like objects without properties.
        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return ConfigTypeKind.Unsupported;
        }

        return type.IsClass && !type.IsAbstract && type != typeof(object) && !type.IsGenericTypeDefinition
            && type.GetConstructor(Type.EmptyTypes) is not null
            ? ConfigTypeKind.Object
            : ConfigTypeKind.Unsupported;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ConfigTrimming.Justification)]
    private static ConfigPropertyModel[] ReadProperties(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod?.IsPublic == true && p.SetMethod?.IsPublic == true)
            // Declaration order, which GetProperties does not promise and the metadata tokens give. Native AOT has no
            // tokens and returns the metadata's order; the sort is stable, so that order then stays.
            .OrderBy(p => p.HasMetadataToken() ? p.MetadataToken : 0)
            .Select(p => new ConfigPropertyModel(
                JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p,
                Nullable.GetUnderlyingType(p.PropertyType) is not null
                    || (!p.PropertyType.IsValueType && nullability.Create(p).WriteState != NullabilityState.NotNull),
                p.IsDefined(typeof(SecretAttribute), inherit: true),
                p.IsDefined(typeof(ReloadableAttribute), inherit: true)))
            .ToArray();
    }
}
