using System.Globalization;

namespace RpcBench;

/// <summary>CPU time (user + system) of another process, from <c>/proc/PID/stat</c>.</summary>
internal static class ProcessCpu
{
    // USER_HZ: the unit of /proc's tick counts, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name in field 2 may hold spaces and parentheses; the fields after it are plain numbers.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
