using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atrium.Gateway.Admin.Dashboard;

/// <summary>The dashboard's JSON, source generated (no reflection on the gateway's path, for Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardState))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
