namespace Atrium.Rpc.Client;

/// <summary>The step at the end of the client interceptor pipeline: send the call and wait for its status.</summary>
internal interface IClientCall
{
    Task SendAndWaitAsync();
}
