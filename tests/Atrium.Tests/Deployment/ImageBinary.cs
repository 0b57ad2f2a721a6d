extern alias gatewayhost;

using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Atrium.Chassis.Configuration;
using Atrium.Chassis.Modularity;
using Atrium.Testing;

namespace Atrium.Tests.Deployment;

/// <summary>
/// An image of <c>deploy/image</c> and the binary in it: the entrypoint and command its Containerfile gives, and that
/// binary's own command line, modules and config schema: atrium's, or atrium-gateway's (the Native AOT gateway,
/// src/Atrium.Gateway.Host, whose command line and schema are compiled from its own sources here too).
/// </summary>
internal sealed partial class ImageBinary
{
    private ImageBinary(
        string name,
        string containerfile,
        Func<IReadOnlyDictionary<string, string?>, RootCommand> cli,
        Func<ConfigSchema> schema,
        Func<ModuleRegistry> registry,
        string defaultTarget)
    {
        Name = name;
        var text = File.ReadAllText(RepositoryRoot.File("deploy", "image", containerfile));
        Entrypoint = Instruction(text, "ENTRYPOINT", containerfile);
        Command = Instruction(text, "CMD", containerfile);
        Cli = cli;
        Schema = schema;
        Registry = registry;
        DefaultTarget = defaultTarget;
    }

    /// <summary>The image's name, the last part of its repository: <c>atrium</c> or <c>atrium-gateway</c>.</summary>
    public string Name { get; }

    /// <summary>The Containerfile's <c>ENTRYPOINT</c>.</summary>
    public IReadOnlyList<string> Entrypoint { get; }

    /// <summary>The Containerfile's <c>CMD</c>, the arguments when a container gives neither command nor args.</summary>
    public IReadOnlyList<string> Command { get; }

    public Func<IReadOnlyDictionary<string, string?>, RootCommand> Cli { get; }

    public Func<ConfigSchema> Schema { get; }

    public Func<ModuleRegistry> Registry { get; }

    /// <summary>What <c>run</c> starts without <c>--target</c>.</summary>
    public string DefaultTarget { get; }

    /// <summary>
    /// The binary of a rendered container image (<c>REGISTRY/atrium-gateway:TAG</c>): a repository named after one of
    /// deploy/image's images, with a tag.
    /// </summary>
    public static ImageBinary Of(string image)
    {
        var match = Reference().Match(image);
        match.Success.ShouldBeTrue($"image {image} has no registry path and tag: an overlay's images entry does not name it");
        return match.Groups["name"].Value switch
        {
            "atrium" => new ImageBinary("atrium", "Containerfile", global::Atrium.Commands.Cli.Create, global::Atrium.Modules.CreateConfigSchema,
                global::Atrium.Modules.CreateRegistry, global::Atrium.Modules.DefaultTarget),
            "atrium-gateway" => new ImageBinary("atrium-gateway", "Containerfile.gateway", gatewayhost::Atrium.Commands.Cli.Create,
                gatewayhost::Atrium.Modules.CreateConfigSchema, gatewayhost::Atrium.Modules.CreateRegistry, gatewayhost::Atrium.Modules.DefaultTarget),
            var other => throw new ShouldAssertException($"image {image}: deploy/image builds no image {other}"),
        };
    }

    private static string[] Instruction(string containerfile, string instruction, string file)
    {
        var line = containerfile.Split('\n').SingleOrDefault(l => l.StartsWith(instruction + " ", StringComparison.Ordinal))
            ?? throw new ShouldAssertException($"deploy/image/{file} has no {instruction}");
        return JsonSerializer.Deserialize<string[]>(line[(instruction.Length + 1)..])
            ?? throw new ShouldAssertException($"deploy/image/{file}: {instruction} is not a JSON array");
    }

    [GeneratedRegex(@"^[^:]+/(?<name>[a-z0-9-]+):[A-Za-z0-9._-]+$")]
    private static partial Regex Reference();
}
