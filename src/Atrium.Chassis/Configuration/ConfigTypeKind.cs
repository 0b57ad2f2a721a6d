namespace Atrium.Chassis.Configuration;

/// <summary>How the binder treats a CLR type.</summary>
internal enum ConfigTypeKind
{
    Unsupported,
    Scalar,
    List,
    Dictionary,
    Object,
}
