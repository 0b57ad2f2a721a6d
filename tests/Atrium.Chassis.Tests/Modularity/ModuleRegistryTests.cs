using Atrium.Chassis.Modularity;

namespace Atrium.Chassis.Tests.Modularity;

public class ModuleRegistryTests
{
    private static ModuleRegistry Sample() => new ModuleRegistry()
        .Register("infra", "", null, ModuleVisibility.Internal)
        .Register("store", "", null, ModuleVisibility.Public, "infra")
        .Register("api", "", null, ModuleVisibility.Public, "store", "infra")
        .Register("web", "", null, ModuleVisibility.Public, "infra")
        .Register("all", "", null, ModuleVisibility.Public, "api", "web");

    private static string[] Names(ModuleResolution resolution) => resolution.StartOrder.Select(m => m.Name).ToArray();

    [Fact]
    public void Resolve_All_DependenciesBeforeDependents()
    {
        var resolution = Sample().Resolve(["all"], "all");

        resolution.Succeeded.ShouldBeTrue();
        Names(resolution).ShouldBe(["infra", "store", "api", "web", "all"]);
    }

    [Fact]
    public void Resolve_NoTargets_UsesDefault()
    {
        Names(Sample().Resolve([], "web")).ShouldBe(["infra", "web"]);
    }

    [Fact]
    public void Resolve_CommaListWithSpacesAndCase_ResolvesEachOnce()
    {
        var resolution = Sample().Resolve(["Web, api", "web"], "all");

        Names(resolution).ShouldBe(["infra", "web", "store", "api"]);
    }

    [Fact]
    public void Resolve_UnknownTarget_ListsValidTargets()
    {
        var resolution = Sample().Resolve(["odering"], "all");

        resolution.Succeeded.ShouldBeFalse();
        resolution.Errors.ShouldBe(["unknown target 'odering'; valid targets: store, api, web, all"]);
    }

    [Fact]
    public void Resolve_InternalModule_IsRefused()
    {
        Sample().Resolve(["infra"], "all").Errors.ShouldBe(["module 'infra' is internal and cannot be a target"]);
    }

    [Fact]
    public void Validate_Cycle_ReportsThePath()
    {
        var registry = new ModuleRegistry()
            .Register("a", "", null, ModuleVisibility.Public, "b")
            .Register("b", "", null, ModuleVisibility.Public, "c")
            .Register("c", "", null, ModuleVisibility.Public, "a");

        registry.Validate().ShouldBe(["dependency cycle: a -> b -> c -> a"]);
        registry.Resolve(["a"], "a").Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Validate_UnknownDependency_IsReported()
    {
        var registry = new ModuleRegistry().Register("a", "", null, ModuleVisibility.Public, "ghost");

        registry.Validate().ShouldBe(["module 'a' depends on unknown module 'ghost'"]);
    }

    [Fact]
    public void Register_DuplicateName_Throws()
    {
        var registry = new ModuleRegistry().Register("a", "", null, ModuleVisibility.Public);

        Should.Throw<ArgumentException>(() => registry.Register("a", "", null, ModuleVisibility.Public));
    }

    [Fact]
    public void Register_UpperCaseName_Throws()
    {
        Should.Throw<ArgumentException>(() => new ModuleRegistry().Register("Gateway", "", null, ModuleVisibility.Public));
    }
}
