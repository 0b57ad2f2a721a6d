using System.Reflection;
using System.Text.Json;
using Atrium.Chassis.Configuration;
using Atrium.Testing;

namespace Atrium.Tests;

/// <summary>The keys the shipped schema reloads live, against what <c>config/atrium.yaml</c> says of them.</summary>
public sealed class ModulesLiveKeysTests
{
    [Fact]
    public void CreateConfigSchema_ServiceSections_HaveLiveKeysForLimitsTimeoutsAndRetries()
    {
        var live = LiveKeys().ToList();

        live.ShouldContain("identity.lockoutMaxFailedAttempts");
        live.ShouldContain("identity.clientAuthMaxFailures");
        live.ShouldContain("ordering.callTimeout");
        live.ShouldContain("ordering.retryBaseDelay");
        live.ShouldContain("ordering.productCacheTtl");
        live.ShouldContain("payments.callTimeout");
        live.ShouldNotContain(key => key.EndsWith(".listen", StringComparison.Ordinal) || key.EndsWith("Address", StringComparison.Ordinal)
            || key.EndsWith(".connectionString", StringComparison.Ordinal) || key.EndsWith(".provider", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedConfig_EveryLiveKey_IsMarkedLiveInItsComment()
    {
        var lines = File.ReadAllLines(RepositoryRoot.File("config", "atrium.yaml"));

        foreach (var key in LiveKeys())
        {
            Comment(lines, key).ShouldContain("live", Case.Sensitive, $"config/atrium.yaml should mark {key} \"(live)\"");
        }
    }

    /// <summary>Every [Reloadable] key of the sections that are not reloadable whole, as a path.</summary>
    private static IEnumerable<string> LiveKeys() =>
        Modules.CreateConfigSchema().Sections.Where(s => !s.Reloadable).SelectMany(s => LiveKeys(s.OptionsType, s.Name));

    private static IEnumerable<string> LiveKeys(Type type, string path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}";
            if (property.IsDefined(typeof(ReloadableAttribute)))
            {
                yield return key;
            }
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.PropertyType.Namespace?.StartsWith("Atrium", StringComparison.Ordinal) == true)
            {
                foreach (var nested in LiveKeys(property.PropertyType, key))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>
    /// The comment that documents a key of a top-level section: the nearest comment lines above it, skipping the keys
    /// beside it (one comment often covers a group of keys).
    /// </summary>
    private static string Comment(string[] lines, string key)
    {
        var parts = key.Split('.');
        var section = Array.IndexOf(lines, parts[0] + ":");
        section.ShouldBeGreaterThanOrEqualTo(0, $"no section {parts[0]}");
        var indent = new string(' ', 2 * (parts.Length - 1));
        var at = section + 1;
        for (var depth = 1; depth < parts.Length; depth++)
        {
            var prefix = new string(' ', 2 * depth) + parts[depth] + ":";
            at = Array.FindIndex(lines, at, l => l.StartsWith(prefix, StringComparison.Ordinal));
            at.ShouldBeGreaterThan(section, $"config/atrium.yaml has no {key}");
        }

        var comment = new List<string>();
        for (var i = at - 1; i > section; i--)
        {
            var line = lines[i];
            if (line.StartsWith(indent + "#", StringComparison.Ordinal))
            {
                comment.Add(line);
            }
            else if (comment.Count > 0 || !line.StartsWith(indent, StringComparison.Ordinal) || line.StartsWith(indent + " ", StringComparison.Ordinal))
            {
                break;
            }
        }

        return string.Join("\n", comment);
    }
}
