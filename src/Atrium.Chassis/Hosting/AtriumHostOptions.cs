using System.ComponentModel.DataAnnotations;
using Atrium.Chassis.Configuration;

namespace Atrium.Chassis.Hosting;

/// <summary>Process-wide settings, the <c>host</c> section of <c>atrium.yaml</c>. Read at start; a change needs a restart.</summary>
public sealed class AtriumHostOptions
{
    /// <summary>The config section name.</summary>
    public const string Section = "host";

    /// <summary>
    /// How long each module may drain in-flight requests when the process stops (SIGTERM, Ctrl-C) before the
    /// remaining connections are closed. Default 10 s.
    /// </summary>
    [DurationRange("00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where modules keep their embedded databases and keys, relative to the working directory unless absolute.
    /// Default <c>data</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Where socket I/O completions run: <c>threadPool</c> or <c>inline</c> (honoured only when every module to run
    /// is fully asynchronous, which today means the gateway alone). Default <c>threadPool</c>.
    /// </summary>
    public SocketCompletionMode SocketCompletions { get; set; } = SocketCompletionMode.ThreadPool;
}
