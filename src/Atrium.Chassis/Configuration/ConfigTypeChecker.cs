namespace Atrium.Chassis.Configuration;

/// <summary>
/// Finds properties the binder cannot bind, so a bad options type fails when a module registers it
/// instead of when a user first sets the property in YAML.
/// </summary>
internal static class ConfigTypeChecker
{
    public static List<string> FindUnsupported(Type type, string path)
    {
        var found = new List<string>();
        Check(type, path, found, new HashSet<Type>());
        return found;
    }

    private static void Check(Type type, string path, List<string> found, HashSet<Type> seen)
    {
        var model = ConfigTypeModel.Get(type);
        switch (model.Kind)
        {
            case ConfigTypeKind.Unsupported:
                found.Add($"{path} ({type.Name})");
                break;
            case ConfigTypeKind.List:
                Check(model.ElementType!, ConfigPath.Index(path, 0), found, seen);
                break;
            case ConfigTypeKind.Dictionary:
                Check(model.ElementType!, ConfigPath.Child(path, "<key>"), found, seen);
                break;
            case ConfigTypeKind.Object when seen.Add(model.ValueType):
                foreach (var property in model.Properties)
                {
                    Check(property.Property.PropertyType, ConfigPath.Child(path, property.Key), found, seen);
                }

                break;
        }
    }
}
