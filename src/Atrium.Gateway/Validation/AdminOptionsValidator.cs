using Atrium.Chassis.Hosting;
using Atrium.Gateway.Configuration;
using Atrium.Gateway.Routing;

namespace Atrium.Gateway.Validation;

/// <summary>Rules of <c>gateway.admin</c>: listeners, one token source of a usable length, and host patterns.</summary>
internal static class AdminOptionsValidator
{
    public static void Validate(AdminOptions admin, ConfigScope scope)
    {
        ListenAddress.ValidateAll(admin.Listen, scope.Resolve("listen"), scope.Context);
        if (admin.Token.Length > 0 && admin.TokenFile.Length > 0)
        {
            scope.AddError("token", "set token or tokenFile, not both");
        }
        else if (admin.Token.Length is > 0 and < AdminOptions.MinimumTokenLength || (admin.Token.Length > 0 && string.IsNullOrWhiteSpace(admin.Token)))
        {
            scope.AddError("token", $"must be at least {AdminOptions.MinimumTokenLength} characters (leave it empty to have one generated)");
        }

        for (var i = 0; i < admin.AllowedHosts.Count; i++)
        {
            if (admin.AllowedHosts[i].Contains('*', StringComparison.Ordinal) || !HostMatcher.IsValidPattern(admin.AllowedHosts[i]))
            {
                scope.AddError($"allowedHosts[{i}]", $"'{admin.AllowedHosts[i]}' is not a host name (with an optional :port)");
            }
        }
    }
}
