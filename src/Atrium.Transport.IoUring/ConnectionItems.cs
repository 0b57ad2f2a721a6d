namespace Atrium.Transport.IoUring;

/// <summary>A connection's items, made on first use.</summary>
internal sealed class ConnectionItems : Dictionary<object, object?>;
