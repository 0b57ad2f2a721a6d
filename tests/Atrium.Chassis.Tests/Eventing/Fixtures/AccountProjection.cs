using System.Diagnostics;
using System.Net.Sockets;
using Atrium.Chassis.Data.Eventing;
using Atrium.Contracts.Events;
using Npgsql;

namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>
/// A handler that inserts one account per user into its own table; fails the probe's first calls (or one user's every
/// call, or the first calls as if its database were down); waits for the probe's hold; counts the commits it is told of;
/// with the probe's <see cref="HandlerProbe.HoldBack"/>, adds the batch's accounts only when the inbox flushes it.
/// </summary>
internal sealed class AccountProjection(TestDb db, HandlerProbe probe) : IIntegrationEventHandler<UserRegistered>, ICommitObserver, IBatchWriter
{
    private readonly List<Account> _heldBack = [];

    public void OnCommitted() => probe.Committed();

    public void BeginBatch() => _heldBack.Clear();

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        probe.Flushed(_heldBack.Count);
        db.Accounts.AddRange(_heldBack);
        _heldBack.Clear();
        return Task.CompletedTask;
    }

    public async Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken)
    {
        var call = probe.NextCall();
        probe.TraceIds.Enqueue(Activity.Current?.TraceId);
        if (call <= probe.UnreachableFirst)
        {
            throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        }

        if (call <= probe.FailFirst || call == probe.FailOnCall || integrationEvent.UserId == probe.FailUserId)
        {
            throw new InvalidOperationException($"handler failure {call}");
        }

        if (probe.Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        var account = new Account { Id = Guid.NewGuid(), UserId = integrationEvent.UserId, Email = integrationEvent.Email };
        if (probe.HoldBack)
        {
            _heldBack.Add(account);
            return;
        }

        db.Accounts.Add(account);
    }
}
