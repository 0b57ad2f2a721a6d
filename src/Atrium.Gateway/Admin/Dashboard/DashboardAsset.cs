namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>A file of the dashboard embedded in the assembly, with its media type and strong ETag.</summary>
internal sealed record DashboardAsset(string Name, byte[] Content, string ContentType, string ETag);
