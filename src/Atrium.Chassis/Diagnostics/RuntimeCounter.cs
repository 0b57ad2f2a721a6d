namespace Atrium.Chassis.Diagnostics;

/// <summary>
/// One value of a <c>System.Runtime</c> counter (the ones <c>dotnet-counters</c> shows): a gauge's mean over the
/// interval, or a rate's increment during it.
/// </summary>
internal sealed record RuntimeCounter(string Name, string DisplayName, string Unit, bool IsRate, double Value, DateTimeOffset Time);
