using Atrium.Chassis.Configuration;
using Atrium.Chassis.Hosting;

namespace Atrium.Chassis.Tests.Hosting;

public sealed class AtriumHostOptionsTests
{
    private static ConfigLoadResult Load(string yaml) =>
        ConfigLoader.Load(yaml, AtriumConfig.EmbeddedSource, new ConfigSchema().Add<AtriumHostOptions>(AtriumHostOptions.Section));

    [Fact]
    public void Transport_NotSet_IsSockets()
    {
        var result = Load("host:\n  dataDirectory: data\n");

        result.Succeeded.ShouldBeTrue(string.Join("\n", result.Errors));
        result.Config!.Get<AtriumHostOptions>(AtriumHostOptions.Section).Transport.ShouldBe(HostTransport.Sockets);
    }

    [Fact]
    public void Transport_IoUringOnThisKernel_Binds()
    {
        var result = Load("host:\n  transport: iouring\n");

        result.Succeeded.ShouldBeTrue(string.Join("\n", result.Errors));
        result.Config!.Get<AtriumHostOptions>(AtriumHostOptions.Section).Transport.ShouldBe(HostTransport.IoUring);
    }

    [Fact]
    public void Transport_Unknown_FailsListingTheChoices()
    {
        var result = Load("host:\n  transport: epoll\n");

        result.Errors.Select(e => e.ToString()).ShouldBe(["host.transport: 'epoll' is not one of Sockets, IoUring"]);
    }
}
