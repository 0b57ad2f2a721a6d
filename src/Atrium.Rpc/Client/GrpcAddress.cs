using Atrium.Chassis.Configuration;

namespace Atrium.Rpc.Client;

/// <summary>The rule for a peer's gRPC address in config (a module's <c>...Address</c> keys).</summary>
public static class GrpcAddress
{
    /// <summary>Adds an error at <paramref name="path"/> unless <paramref name="value"/> is <c>http://HOST:PORT</c> (h2c) or <c>https://HOST:PORT</c>.</summary>
    public static void Validate(string value, string path, ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
        {
            context.AddError(path, $"'{value}' is not a gRPC address (http://HOST:PORT for h2c, https://HOST:PORT for TLS)");
        }
    }
}
