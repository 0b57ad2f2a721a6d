using Atrium.Chassis.Modularity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Chassis.Tests.Modularity;

public class ModuleManagerTests
{
    private sealed class RecordingService(string name, List<string> journal, bool failStart = false) : IModuleService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (failStart)
            {
                throw new InvalidOperationException("port in use");
            }

            journal.Add("start " + name);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            journal.Add("stop " + name);
            return Task.CompletedTask;
        }
    }

    private static ModuleContext Context() => new([], NullLoggerFactory.Instance, TimeProvider.System, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task StopAsync_AfterStart_StopsInReverseOrder()
    {
        var journal = new List<string>();
        var registry = new ModuleRegistry()
            .Register("a", "", _ => new RecordingService("a", journal), ModuleVisibility.Public)
            .Register("b", "", _ => new RecordingService("b", journal), ModuleVisibility.Public, "a")
            .Register("c", "", _ => new RecordingService("c", journal), ModuleVisibility.Public, "b");
        await using var manager = new ModuleManager(registry.Resolve(["c"], "c").StartOrder, Context());

        await manager.StartAsync(CancellationToken.None);
        manager.Running.ShouldBe(["a", "b", "c"]);
        await manager.StopAsync();

        journal.ShouldBe(["start a", "start b", "start c", "stop c", "stop b", "stop a"]);
        manager.Running.ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_ModuleFails_StopsThoseStartedAndThrows()
    {
        var journal = new List<string>();
        var registry = new ModuleRegistry()
            .Register("a", "", _ => new RecordingService("a", journal), ModuleVisibility.Public)
            .Register("b", "", _ => new RecordingService("b", journal, failStart: true), ModuleVisibility.Public, "a");
        await using var manager = new ModuleManager(registry.Resolve(["b"], "b").StartOrder, Context());

        var ex = await Should.ThrowAsync<ModuleStartException>(() => manager.StartAsync(CancellationToken.None));

        ex.Module.ShouldBe("b");
        ex.Message.ShouldBe("Module 'b' failed to start: port in use");
        journal.ShouldBe(["start a", "stop a"]);
    }

    [Fact]
    public async Task StopAsync_CalledTwice_StopsOnce()
    {
        var journal = new List<string>();
        var registry = new ModuleRegistry().Register("a", "", _ => new RecordingService("a", journal), ModuleVisibility.Public);
        await using var manager = new ModuleManager(registry.Resolve(["a"], "a").StartOrder, Context());
        await manager.StartAsync(CancellationToken.None);

        await manager.StopAsync();
        await manager.StopAsync();

        journal.ShouldBe(["start a", "stop a"]);
    }
}
