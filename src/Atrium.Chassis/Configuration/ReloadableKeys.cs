namespace Atrium.Chassis.Configuration;

/// <summary>
/// Splits a changed section that is not reloadable as a whole into its <see cref="ReloadableAttribute"/> keys, applied
/// live, and the rest, which keep their running values until restart.
/// </summary>
internal static class ReloadableKeys
{
    /// <summary>
    /// Compares <paramref name="running"/> with <paramref name="next"/> key by key, descending into nested options
    /// objects, and sets every changed key that is not reloadable in <paramref name="next"/> back to its running value.
    /// </summary>
    /// <param name="running">The section's running value; not modified.</param>
    /// <param name="next">The freshly bound value; modified in place, so it must not be shared yet.</param>
    /// <param name="path">The key path of the section, e.g. <c>identity</c>.</param>
    /// <param name="live">Receives the paths of the changed keys that were applied.</param>
    /// <param name="restartOnly">Receives the paths of the changed keys that were kept.</param>
    public static void Merge(object running, object next, string path, List<string> live, List<string> restartOnly)
    {
        foreach (var property in ConfigTypeModel.Get(next.GetType()).Properties)
        {
            var was = property.Property.GetValue(running);
            var now = property.Property.GetValue(next);
            if (ConfigJsonWriter.WriteSection(was) == ConfigJsonWriter.WriteSection(now))
            {
                continue;
            }

            var key = $"{path}.{property.Key}";
            if (property.IsReloadable)
            {
                live.Add(key);
            }
            else if (was is not null && now is not null && ConfigTypeModel.Get(property.Property.PropertyType).Kind == ConfigTypeKind.Object)
            {
                Merge(was, now, key, live, restartOnly);
            }
            else
            {
                restartOnly.Add(key);
                property.Property.SetValue(next, was);
            }
        }
    }
}
