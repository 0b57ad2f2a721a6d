using System.Collections.Concurrent;
using System.Diagnostics;
using Atrium.Chassis.Errors;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace Atrium.Rpc.Tests.Server;

/// <summary>
/// <c>grpc.testing.TestService/UnaryCall</c> that fails as <see cref="SimpleRequest.ResponseStatus"/>'s message asks:
/// <c>atrium</c> throws an <see cref="AtriumException"/> (NOT_FOUND), <c>rpc</c> an <see cref="RpcException"/> with a
/// trailer, <c>boom</c> an unexpected exception, <c>own-timeout</c> a cancellation the caller did not ask for, <c>wait</c> waits for the call's cancellation, <c>hold</c> too after counting itself in <see cref="Holding"/>, <c>trace</c> answers the trace id it runs in; otherwise it answers
/// <see cref="SimpleRequest.ResponseSize"/> zero bytes.
/// </summary>
internal sealed class ProbeService : TestService.TestServiceBase
{
    /// <summary>The calls that reached the handler with <c>hold</c>; one test at a time uses it.</summary>
    public static HoldCounter Holding { get; } = new();

    private static readonly ConcurrentDictionary<string, TaskCompletionSource<DateTime>> Deadlines = new();

    /// <summary>Completes with the deadline the <c>wait</c> call carrying <paramref name="key"/> saw on the server.</summary>
    public static TaskCompletionSource<DateTime> DeadlineSeen(string key) =>
        Deadlines.GetOrAdd(key, _ => new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously));

    public const string Secret = "the connection string is Password=hunter2";

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        switch (request.ResponseStatus?.Message)
        {
            case "atrium":
                throw new AtriumException(ErrorCodes.NotFound, "Product 'x' does not exist.");
            case "rpc":
                throw new RpcException(new Status(StatusCode.AlreadyExists, "kept as thrown"), new Metadata { { "x-kept", "yes" } });
            case "own-timeout":
                throw new OperationCanceledException("a command timeout of the handler's own");
            case "boom":
                throw new InvalidOperationException(Secret);
            case "wait":
                DeadlineSeen(request.Payload?.Body.ToStringUtf8() ?? "").TrySetResult(context.Deadline);
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                break;
            case "trace":
                return new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFromUtf8(Activity.Current?.TraceId.ToHexString() ?? "none") } };
            case "hold":
                Holding.Arrived();
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                break;
        }

        return new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFrom(new byte[request.ResponseSize]) } };
    }
}
