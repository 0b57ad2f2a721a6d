using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Atrium.EndToEnd.Tests.Infrastructure;
using Atrium.Testing;

namespace Atrium.EndToEnd.Tests;

/// <summary>
/// The split topology of <c>deploy/local</c> on SQLite: five processes of one build and a RabbitMQ node, each on ports
/// of its own, finding each other through the settings the script wrote. (Events between the processes need the
/// RabbitMQ transport; these tests stop short of them.)
/// </summary>
public class DeployLocalTests
{
    private static readonly string[] Targets = ["identity", "catalog", "payments", "ordering", "gateway"];

    [Fact]
    public async Task UpStartDown_OnSqlite_ServesThroughTheGatewayRestartsOneTargetAndStopsEverythingTwice()
    {
        var dir = Directory.CreateTempSubdirectory("atrium-local-").FullName;
        try
        {
            var up = await DeployScripts.RunAsync("up.sh", null, dir);
            up.ExitCode.ShouldBe(0, up.Transcript());
            up.Stdout[^1].ShouldStartWith("GATEWAY_URL=http://127.0.0.1:", Case.Sensitive, up.Transcript());
            using var http = new HttpClient { BaseAddress = new Uri(up.Stdout[^1]["GATEWAY_URL=".Length..]), Timeout = TimeSpan.FromSeconds(10) };
            var pids = Targets.ToDictionary(t => t, t => Pid(dir, t));
            pids.Values.Distinct().Count().ShouldBe(Targets.Length);

            (await http.GetAsync(new Uri("/api/catalog/products?pageSize=1", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
            using (var registered = await http.PostAsJsonAsync(new Uri("/api/identity/users", UriKind.Relative), new { email = "local@example.com", password = "correct horse" }))
            {
                registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
            }

            var restart = await DeployScripts.RunAsync("start.sh", null, dir, "catalog");
            restart.ExitCode.ShouldBe(0, restart.Transcript());
            Pid(dir, "catalog").ShouldNotBe(pids["catalog"]);
            (await http.GetAsync(new Uri("/api/catalog/products?pageSize=1", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

            var settings = DeployScripts.Settings(dir);
            var ports = new[] { "GATEWAY__LISTEN__0", "GATEWAY__ADMIN__LISTEN__0", "IDENTITY__LISTEN__0", "IDENTITY__LISTEN__1", "CATALOG__LISTEN__0", "PAYMENTS__LISTEN__0", "ORDERING__LISTEN__0" }
                .Select(key => DeployScripts.PortOf(settings["ATRIUM__" + key]))
                .Append(int.Parse(settings["ATRIUM_LOCAL_RABBITMQ_PORT"], CultureInfo.InvariantCulture))
                .ToList();
            var down = await DeployScripts.RunAsync("down.sh", null, dir);
            down.ExitCode.ShouldBe(0, down.Transcript());
            foreach (var port in ports)
            {
                (await FreePort.IsListeningAsync(port)).ShouldBeFalse($"port {port} after down.sh{Environment.NewLine}{down.Transcript()}");
            }

            var again = await DeployScripts.RunAsync("down.sh", null, dir);
            again.ExitCode.ShouldBe(0, again.Transcript());
            again.Stderr.ShouldContain("nothing was running");
        }
        finally
        {
            await DeployScripts.RunAsync("down.sh", null, dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Up_UnknownKeyInVariable_ExitsOneNamingTheVariableAndStartsNothing()
    {
        var dir = Directory.CreateTempSubdirectory("atrium-local-").FullName;
        try
        {
            var up = await DeployScripts.RunAsync("up.sh", new Dictionary<string, string> { ["ATRIUM__CATALOG__LISTN__0"] = "http://127.0.0.1:1" }, dir);

            up.ExitCode.ShouldBe(1, up.Transcript());
            up.Stdout.ShouldBeEmpty();
            up.Stderr.ShouldContain("ATRIUM__CATALOG__LISTN__0 (catalog.listn): unknown key 'listn' (did you mean 'listen'?)");
            up.Stderr.ShouldNotContain("starting");
            Directory.GetFiles(Path.Combine(dir, "pids")).ShouldBeEmpty();
            File.Exists(Path.Combine(dir, "logs", "rabbitmq.log")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Up_RelativeConfigFileThatIsNotThere_ExitsOneNamingItAndStartsNothing()
    {
        var dir = Directory.CreateTempSubdirectory("atrium-local-").FullName;
        try
        {
            // Relative paths are resolved against the caller's directory before the targets start in theirs.
            var up = await DeployScripts.RunAsync("up.sh", new Dictionary<string, string> { ["ATRIUM_CONFIG"] = "no-such-dir/atrium.yaml" }, dir);

            up.ExitCode.ShouldBe(1, up.Transcript());
            up.Stdout.ShouldBeEmpty();
            up.Stderr.ShouldContain("ATRIUM_CONFIG names no-such-dir/atrium.yaml, which does not exist");
            Directory.Exists(Path.Combine(dir, "pids")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Pid(string dir, string target) =>
        int.Parse(File.ReadAllText(Path.Combine(dir, "pids", $"{target}.pid")).Trim(), CultureInfo.InvariantCulture);
}
