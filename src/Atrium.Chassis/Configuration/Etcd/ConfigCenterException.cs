namespace Atrium.Chassis.Configuration.Etcd;

/// <summary>An expected failure talking to the config center, with a stable code the CLI prints.</summary>
internal sealed class ConfigCenterException : Exception
{
    /// <summary>No endpoint answered.</summary>
    public const string Unreachable = "ETCD_UNREACHABLE";

    /// <summary>etcd refused the credentials or the user's permissions.</summary>
    public const string AuthFailed = "ETCD_AUTH_FAILED";

    /// <summary>The namespace has no document at the asked revision (never written, deleted, or another key's revision).</summary>
    public const string RevisionNotFound = "ETCD_REVISION_NOT_FOUND";

    /// <summary>etcd compacted the asked revision away.</summary>
    public const string RevisionCompacted = "ETCD_REVISION_COMPACTED";

    public ConfigCenterException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public ConfigCenterException()
        : this(Unreachable, "etcd is unreachable")
    {
    }

    public ConfigCenterException(string message)
        : this(Unreachable, message)
    {
    }

    public ConfigCenterException(string message, Exception inner)
        : this(Unreachable, message, inner)
    {
    }

    /// <summary>The stable code, e.g. <c>ETCD_UNREACHABLE</c>.</summary>
    public string Code { get; }
}
