namespace Atrium.Rpc.Server;

/// <summary>What <c>AddAtriumGrpc</c> decided for the module, for <c>MapAtriumGrpc</c> to act on.</summary>
/// <param name="Reflection">Whether server reflection is served.</param>
/// <param name="Reason">Why, in words for the start-up log.</param>
internal sealed record GrpcServerState(bool Reflection, string Reason)
{
    /// <summary>Whether calls need a service token (<see cref="ServiceTokenInterceptor"/>).</summary>
    public bool ServiceTokens { get; init; }
}
