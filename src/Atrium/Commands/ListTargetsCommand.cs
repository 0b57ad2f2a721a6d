using System.CommandLine;
using Atrium.Chassis.Modularity;

namespace Atrium.Commands;

/// <summary><c>atrium list-targets</c>: every module that <c>--target</c> accepts, with what it depends on.</summary>
internal static class ListTargetsCommand
{
    public static Command Create()
    {
        var command = new Command("list-targets", "List the modules that --target accepts.");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var registry = Modules.CreateRegistry();
            foreach (var module in registry.PublicModules)
            {
                var targets = module.Dependencies.Where(d => registry.Modules.Any(m => m.Name == d && m.Visibility == ModuleVisibility.Public)).ToList();
                var dependencies = targets.Count == 0 ? "" : $" ({string.Join(", ", targets)})";
                output.WriteLine($"{module.Name,-10} {module.Description}{dependencies}");
            }

            return 0;
        });
        return command;
    }
}
