using System.Text.RegularExpressions;

namespace Atrium.Chassis.Modularity;

/// <summary>
/// The set of modules one executable knows, with their dependencies. Resolves a target list to a start order:
/// dependencies first, then in the order the targets and dependency lists name them, so runs are deterministic.
/// </summary>
public sealed partial class ModuleRegistry
{
    private readonly List<ModuleDefinition> _modules = [];
    private readonly Dictionary<string, ModuleDefinition> _byName = new(StringComparer.Ordinal);

    /// <summary>Modules in registration order.</summary>
    public IReadOnlyList<ModuleDefinition> Modules => _modules;

    /// <summary>Names that <c>--target</c> accepts, in registration order.</summary>
    public IEnumerable<ModuleDefinition> PublicModules => _modules.Where(m => m.Visibility == ModuleVisibility.Public);

    /// <summary>Registers a module. Dependencies may be registered later; <see cref="Validate"/> checks them.</summary>
    /// <exception cref="ArgumentException">The name is not lower-case kebab or is already registered.</exception>
    public ModuleRegistry Register(string name, string description, ModuleInit? init, ModuleVisibility visibility, params string[] dependencies)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dependencies);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Module name '{name}' must be lower-case letters, digits and dashes.", nameof(name));
        }

        var module = new ModuleDefinition(name, init, dependencies, visibility, description);
        if (!_byName.TryAdd(name, module))
        {
            throw new ArgumentException($"Module '{name}' is registered twice.", nameof(name));
        }

        _modules.Add(module);
        return this;
    }

    /// <summary>
    /// Checks the graph: every dependency exists and there is no cycle. Returns every problem found, in registration
    /// order; empty when the graph is sound.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var module in _modules)
        {
            foreach (var dependency in module.Dependencies)
            {
                if (!_byName.ContainsKey(dependency))
                {
                    errors.Add($"module '{module.Name}' depends on unknown module '{dependency}'");
                }
            }
        }

        var state = new Dictionary<string, VisitState>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var module in _modules)
        {
            FindCycle(module.Name, state, path, errors);
        }

        return errors;
    }

    /// <summary>
    /// Resolves targets (names or comma lists, case-insensitive, surrounding spaces ignored) to the modules to run in
    /// start order. Unknown and internal names are errors; an empty list means <paramref name="defaultTarget"/>.
    /// </summary>
    public ModuleResolution Resolve(IEnumerable<string> targets, string defaultTarget)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var graphErrors = Validate();
        if (graphErrors.Count > 0)
        {
            return new ModuleResolution([], graphErrors);
        }

        var names = targets
            .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(t => t.ToLowerInvariant())
            .ToList();
        if (names.Count == 0)
        {
            names.Add(defaultTarget);
        }

        var errors = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!_byName.TryGetValue(name, out var module))
            {
                errors.Add($"unknown target '{name}'; valid targets: {string.Join(", ", PublicModules.Select(m => m.Name))}");
            }
            else if (module.Visibility != ModuleVisibility.Public)
            {
                errors.Add($"module '{name}' is internal and cannot be a target");
            }
        }

        if (errors.Count > 0)
        {
            return new ModuleResolution([], errors);
        }

        var order = new List<ModuleDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            AddInStartOrder(_byName[name], seen, order);
        }

        return new ModuleResolution(order, []);
    }

    private void AddInStartOrder(ModuleDefinition module, HashSet<string> seen, List<ModuleDefinition> order)
    {
        if (!seen.Add(module.Name))
        {
            return;
        }

        foreach (var dependency in module.Dependencies)
        {
            AddInStartOrder(_byName[dependency], seen, order);
        }

        order.Add(module);
    }

    private void FindCycle(string name, Dictionary<string, VisitState> state, List<string> path, List<string> errors)
    {
        if (state.TryGetValue(name, out var visit))
        {
            if (visit == VisitState.InProgress)
            {
                var start = path.IndexOf(name);
                errors.Add($"dependency cycle: {string.Join(" -> ", path.Skip(start).Append(name))}");
            }

            return;
        }

        if (!_byName.TryGetValue(name, out var module))
        {
            return;
        }

        state[name] = VisitState.InProgress;
        path.Add(name);
        foreach (var dependency in module.Dependencies)
        {
            FindCycle(dependency, state, path, errors);
        }

        path.RemoveAt(path.Count - 1);
        state[name] = VisitState.Done;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    private enum VisitState
    {
        InProgress,
        Done,
    }
}
