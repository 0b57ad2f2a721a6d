using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Atrium.Chassis.Configuration;

/// <summary>
/// Validates bound sections: DataAnnotations on every object (through lists and dictionaries), then
/// <see cref="IValidatableConfig"/>, then the validator registered beside the section, collecting every error with its path.
/// </summary>
internal sealed class ConfigValidator
{
    private readonly IReadOnlyDictionary<string, object> _sections;
    private readonly ConfigSourceMap _sourceMap;
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<object> _visited = new(ReferenceEqualityComparer.Instance);

    private ConfigValidator(IReadOnlyDictionary<string, object> sections, ConfigSourceMap sourceMap)
    {
        _sections = sections;
        _sourceMap = sourceMap;
    }

    public static IReadOnlyList<ConfigError> Validate(
        ConfigSchema schema, IReadOnlyDictionary<string, object> sections, ConfigSourceMap sourceMap)
    {
        var validator = new ConfigValidator(sections, sourceMap);
        foreach (var section in schema.Sections)
        {
            var options = sections[section.Name];
            validator.Visit(options, section.Name);
            schema.ValidatorOf(section.Name)?.Invoke(options, new ConfigValidationContext(section.Name, sections, validator.Add));
        }

        return validator._errors;
    }

    private void Visit(object? value, string path)
    {
        if (value is null)
        {
            return;
        }

        var model = ConfigTypeModel.Get(value.GetType());
        switch (model.Kind)
        {
            case ConfigTypeKind.List when value is IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    Visit(item, ConfigPath.Index(path, index++));
                }

                break;
            case ConfigTypeKind.Dictionary when value is IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Visit(entry.Value, ConfigPath.DictionaryKey(path, (string)entry.Key));
                }

                break;
            case ConfigTypeKind.Object when _visited.Add(value):
                VisitObject(value, model, path);
                break;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = ConfigTrimming.Justification)]
    private void VisitObject(object instance, ConfigTypeModel model, string path)
    {
        var results = new List<ValidationResult>();

        // Class-level attributes; property attributes are checked one by one below so messages use YAML key names.
        var typeAttributes = model.ValueType.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>();
        Validator.TryValidateValue(instance, new ValidationContext(instance), results, typeAttributes);
        Report(path, results);

        foreach (var property in model.Properties)
        {
            var value = property.Property.GetValue(instance);
            var context = new ValidationContext(instance) { MemberName = property.Property.Name, DisplayName = property.Key };
            results.Clear();
            Validator.TryValidateProperty(value, context, results);
            Report(ConfigPath.Child(path, property.Key), results);
            Visit(value, ConfigPath.Child(path, property.Key));
        }

        if (instance is IValidatableConfig validatable)
        {
            validatable.Validate(new ConfigValidationContext(path, _sections, Add));
        }
    }

    private void Report(string path, List<ValidationResult> results)
    {
        foreach (var result in results)
        {
            Add(path, result.ErrorMessage ?? "is invalid");
        }
    }

    private void Add(string path, string message)
    {
        var (line, column, variable) = _sourceMap.Find(path);
        _errors.Add(new ConfigError(path, message, line, column, variable));
    }
}
