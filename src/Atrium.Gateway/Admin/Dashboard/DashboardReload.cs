namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>One config load attempt as the dashboard lists it.</summary>
/// <param name="AttemptedAt">When it was made.</param>
/// <param name="Trigger"><c>startup</c>, <c>file</c>, <c>etcd</c> or <c>api</c>.</param>
/// <param name="Source">The file, or the config center's namespace and revision.</param>
/// <param name="Succeeded">Whether the new config was applied.</param>
/// <param name="Errors">Every error of a failed attempt (path: message), secrets masked.</param>
internal sealed record DashboardReload(DateTimeOffset AttemptedAt, string Trigger, string Source, bool Succeeded, IReadOnlyList<string> Errors);
