using System.Collections.Concurrent;
using Atrium.Chassis.Data.Persistence;

namespace Atrium.Chassis.Tests.Persistence;

public sealed class GroupCommitLoopTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TryEnqueue_LoopIdle_StartsALoopThatWritesTheItem()
    {
        var writer = new Writer();
        var loop = writer.Loop();

        loop.TryEnqueue(1).ShouldBeTrue();

        (await writer.NextBatchAsync()).ShouldBe([1]);
        writer.Release();
        await writer.Done(1).WaitAsync(Guard);
    }

    [Fact]
    public async Task TryEnqueue_WhileABatchIsWritten_ItemsGoToTheNextBatchTogether()
    {
        var writer = new Writer();
        var loop = writer.Loop();
        loop.TryEnqueue(1);
        (await writer.NextBatchAsync()).ShouldBe([1]);

        loop.TryEnqueue(2);
        loop.TryEnqueue(3);
        writer.Release();

        (await writer.NextBatchAsync()).ShouldBe([2, 3]);
        writer.Release();
        await writer.Done(3).WaitAsync(Guard);
    }

    [Fact]
    public async Task TryEnqueue_MoreThanMaxBatchQueued_BatchesHoldMaxBatchInOrder()
    {
        var writer = new Writer();
        var loop = writer.Loop(maxBatch: 2);
        loop.TryEnqueue(0);
        (await writer.NextBatchAsync()).ShouldBe([0]);

        foreach (var item in new[] { 1, 2, 3, 4, 5 })
        {
            loop.TryEnqueue(item);
        }

        writer.Release();
        (await writer.NextBatchAsync()).ShouldBe([1, 2]);
        writer.Release();
        (await writer.NextBatchAsync()).ShouldBe([3, 4]);
        writer.Release();
        (await writer.NextBatchAsync()).ShouldBe([5]);
        writer.Release();
        await writer.Done(5).WaitAsync(Guard);
    }

    [Fact]
    public async Task Requeue_DuringAWrite_RequeuedItemsGoFirstInTheNextBatch()
    {
        var writer = new Writer();
        var loop = writer.Loop();
        loop.TryEnqueue(1);
        loop.TryEnqueue(2);
        var first = await writer.NextBatchAsync();
        first.ShouldBe([1, 2]);

        loop.TryEnqueue(3);
        loop.Requeue(first);
        writer.Release();

        (await writer.NextBatchAsync()).ShouldBe([1, 2, 3]);
        writer.Release();
        await writer.Done(3).WaitAsync(Guard);
    }

    [Fact]
    public async Task Requeue_LoopIdle_StartsTheLoop()
    {
        var writer = new Writer();
        var loop = writer.Loop();

        loop.Requeue([7]);

        (await writer.NextBatchAsync()).ShouldBe([7]);
        writer.Release();
        await writer.Done(7).WaitAsync(Guard);
    }

    [Fact]
    public async Task StopAsync_ItemsQueued_RefusesNewItemsAndCompletesAfterTheQueuedOnesRan()
    {
        var writer = new Writer();
        var loop = writer.Loop();
        loop.TryEnqueue(1);
        (await writer.NextBatchAsync()).ShouldBe([1]);
        loop.TryEnqueue(2);

        var stopped = loop.StopAsync();

        loop.TryEnqueue(3).ShouldBeFalse();
        stopped.IsCompleted.ShouldBeFalse();
        writer.Release();
        (await writer.NextBatchAsync()).ShouldBe([2]);
        stopped.IsCompleted.ShouldBeFalse();
        writer.Release();
        await stopped.WaitAsync(Guard);
        writer.Written.ShouldBe([1, 2]);
    }

    [Fact]
    public async Task StopAsync_LoopIdle_CompletesAtOnce()
    {
        var loop = new Writer().Loop();

        await loop.StopAsync().WaitAsync(Guard);

        loop.TryEnqueue(1).ShouldBeFalse();
    }

    [Fact]
    public async Task TryEnqueue_WriteThrows_FailsThatBatchsItemsAndTheLoopGoesOn()
    {
        var failure = new InvalidOperationException("the batch failed");
        var writer = new Writer(batch => batch.Contains(1) ? failure : null);
        var loop = writer.Loop();
        loop.TryEnqueue(1);
        loop.TryEnqueue(2);
        (await writer.NextBatchAsync()).ShouldBe([1, 2]);
        loop.TryEnqueue(3);

        writer.Release();

        (await writer.NextBatchAsync()).ShouldBe([3]);
        writer.Failed.ShouldBe([(1, failure), (2, failure)]);
        writer.Release();
        await writer.Done(3).WaitAsync(Guard);
        writer.Written.ShouldBe([3]);
    }

    [Fact]
    public async Task TryEnqueue_CallerHasAnAsyncLocal_TheLoopDoesNotCarryIt()
    {
        var ambient = new AsyncLocal<string?>();
        var writer = new Writer(onWrite: _ => ambient.Value);
        var loop = writer.Loop();

        ambient.Value = "first caller";
        loop.TryEnqueue(1);
        ambient.Value = null;

        await writer.NextBatchAsync();
        writer.Release();
        await writer.Done(1).WaitAsync(Guard);
        writer.Seen.ShouldBe([null]);
    }

    /// <summary>
    /// Writes batches one gate at a time: each write reports its batch and waits for <see cref="Release"/>, so the test
    /// decides what is queued while a batch is being written.
    /// </summary>
    private sealed class Writer(Func<List<int>, Exception?>? failWith = null, Func<List<int>, string?>? onWrite = null)
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _done = new();
        private TaskCompletionSource<List<int>> _nextBatch = New<List<int>>();
        private TaskCompletionSource _gate = New();

        public List<int> Written { get; } = [];

        public List<(int Item, Exception Failure)> Failed { get; } = [];

        public List<string?> Seen { get; } = [];

        public GroupCommitLoop<int> Loop(int maxBatch = int.MaxValue) =>
            new(WriteAsync, (item, failure) =>
            {
                lock (Failed)
                {
                    Failed.Add((item, failure));
                }

                Finish(item);
            })
            { MaxBatch = maxBatch };

        /// <summary>The batch of the write now waiting at its gate.</summary>
        public async Task<List<int>> NextBatchAsync()
        {
            var batch = await Volatile.Read(ref _nextBatch).Task.WaitAsync(Guard);
            Volatile.Write(ref _nextBatch, New<List<int>>());
            return batch;
        }

        /// <summary>Lets the write waiting at its gate finish.</summary>
        public void Release()
        {
            var gate = Interlocked.Exchange(ref _gate, New());
            gate.SetResult();
        }

        /// <summary>Completes once <paramref name="item"/> was written or failed.</summary>
        public Task Done(int item) => _done.GetOrAdd(item, _ => New()).Task;

        private void Finish(int item) => _done.GetOrAdd(item, _ => New()).TrySetResult();

        private async Task WriteAsync(List<int> batch)
        {
            lock (Seen)
            {
                Seen.Add(onWrite?.Invoke(batch));
            }

            var gate = Volatile.Read(ref _gate);
            Volatile.Read(ref _nextBatch).SetResult([.. batch]);
            await gate.Task;
            if (failWith?.Invoke(batch) is { } failure)
            {
                throw failure;
            }

            lock (Written)
            {
                Written.AddRange(batch);
            }

            foreach (var item in batch)
            {
                Finish(item);
            }
        }

        private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        private static TaskCompletionSource<T> New<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
