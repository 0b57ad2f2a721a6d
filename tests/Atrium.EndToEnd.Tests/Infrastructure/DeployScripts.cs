namespace Atrium.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>deploy/local/up.sh</c>, <c>start.sh</c> and <c>down.sh</c> run as a user runs them, on the test's own build of
/// atrium (<c>ATRIUM_DLL</c>, so nothing is built again) and without the runner's <c>ATRIUM__</c> variables. A fixture
/// for the split topology needs nothing more: its settings go in as <c>ATRIUM__</c> variables, the ports come from
/// <see cref="Settings"/>, a target is crashed by the pid in <c>DIR/pids/TARGET.pid</c> and brought back with
/// <c>start.sh DIR TARGET</c>, the broker taken away with <c>down.sh DIR rabbitmq</c> and back with
/// <c>start.sh DIR rabbitmq</c>.
/// </summary>
internal static class DeployScripts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>deploy/local/SCRIPT ARGS</c> to its end, with <paramref name="environment"/> added.</summary>
    public static Task<ScriptRun> RunAsync(string script, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var variables = new Dictionary<string, string>
        {
            ["ATRIUM_DLL"] = Path.Combine(AppContext.BaseDirectory, "atrium.dll"),
            ["ATRIUM_ADMIN_PASSWORD"] = AtriumProcess.AdminPassword,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return RepositoryScript.RunAsync(Path.Combine("deploy", "local", script), variables, Timeout, args);
    }

    /// <summary>The settings <c>up.sh</c> wrote to <c>DIR/env</c>, the last value of each name.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string dir) =>
        File.ReadLines(Path.Combine(dir, "env"))
            .Where(line => line.Length > 0 && line[0] != '#' && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>The port of a listen address such as <c>http://127.0.0.1:8101</c>.</summary>
    public static int PortOf(string listen) => new Uri(listen.Replace("h2c://", "http://", StringComparison.Ordinal)).Port;
}
