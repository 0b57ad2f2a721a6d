namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>
/// The etcd config center, <c>config.etcd</c>. The namespace's document is the YAML stored under
/// <c>/atrium/NAMESPACE/config</c>, layered above the file and below the <c>ATRIUM__...</c> variables.
/// </summary>
public sealed class EtcdOptions : IValidatableConfig
{
    /// <summary>What every namespace's key starts with.</summary>
    public const string KeyPrefix = "/atrium/";

    /// <summary>etcd's client URLs (<c>http://host:2379</c>, <c>https://...</c>), tried in order. Default empty: etcd off.</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>The environment whose document this process reads and watches, e.g. <c>prod</c>. Required with endpoints.</summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>etcd user for etcd's password auth; empty for none.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>File holding the password of <see cref="Username"/> (a mounted secret), trailing newline ignored.</summary>
    public string PasswordFile { get; set; } = string.Empty;

    /// <summary>TLS files for <c>https://</c> endpoints.</summary>
    public EtcdTlsOptions Tls { get; set; } = new();

    /// <summary>Whether a config center is configured.</summary>
    public bool Enabled => Endpoints.Count > 0;

    /// <summary>The etcd key of a namespace's document.</summary>
    /// <param name="ns">The namespace, e.g. <c>prod</c>.</param>
    /// <returns>The key, e.g. <c>/atrium/prod/config</c>.</returns>
    public static string KeyOf(string ns) => KeyPrefix + ns + "/config";

    /// <summary>Whether a namespace name is usable as one key segment.</summary>
    /// <param name="ns">The candidate.</param>
    /// <returns><c>true</c> for letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only.</returns>
    public static bool IsValidNamespace(string ns) =>
        ns.Length is > 0 and <= 64 && ns.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <inheritdoc />
    public void Validate(ConfigValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            if (!Uri.TryCreate(Endpoints[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                context.AddError($"endpoints[{i}]", "must be an http:// or https:// URL with no path, e.g. http://127.0.0.1:2379");
            }
        }

        var anySet = Namespace.Length > 0 || Username.Length > 0 || PasswordFile.Length > 0
            || Tls.CaFile.Length > 0 || Tls.CertFile.Length > 0 || Tls.KeyFile.Length > 0;
        if (!Enabled)
        {
            if (anySet)
            {
                context.AddError("endpoints", "must list at least one endpoint when other config.etcd keys are set");
            }

            return;
        }

        if (Namespace.Length == 0)
        {
            context.AddError("namespace", "is required when endpoints are set, e.g. prod");
        }
        else if (!IsValidNamespace(Namespace))
        {
            context.AddError("namespace", "must be 1 to 64 letters, digits, '-', '_' or '.'");
        }

        if ((Username.Length > 0) != (PasswordFile.Length > 0))
        {
            context.AddError(Username.Length > 0 ? "passwordFile" : "username", "username and passwordFile go together");
        }

        RequireFile(context, "passwordFile", PasswordFile);
        RequireFile(context, "tls.caFile", Tls.CaFile);
        RequireFile(context, "tls.certFile", Tls.CertFile);
        RequireFile(context, "tls.keyFile", Tls.KeyFile);
        if ((Tls.CertFile.Length > 0) != (Tls.KeyFile.Length > 0))
        {
            context.AddError(Tls.CertFile.Length > 0 ? "tls.keyFile" : "tls.certFile", "tls.certFile and tls.keyFile go together");
        }
    }

    private static void RequireFile(ConfigValidationContext context, string key, string path)
    {
        if (path.Length > 0 && !File.Exists(path))
        {
            context.AddError(key, $"file '{path}' does not exist");
        }
    }
}
