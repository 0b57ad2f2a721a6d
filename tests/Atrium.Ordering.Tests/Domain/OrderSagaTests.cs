using Atrium.Ordering.Domain;

namespace Atrium.Ordering.Tests.Domain;

public sealed class OrderSagaTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Guid OrderId = Guid.Parse("0197a1b2-0000-7000-8000-000000000001");

    private static readonly Func<int, TimeSpan> NoRetry = _ => throw new InvalidOperationException("No retry expected.");

    [Theory]
    [InlineData(SagaStep.Reserve, SagaStep.Charge)]
    [InlineData(SagaStep.Confirm, SagaStep.Done)]
    [InlineData(SagaStep.Release, SagaStep.Done)]
    public void Apply_Succeeded_MovesToTheNextStep(Enum fromValue, Enum toValue)
    {
        var (from, to) = ((SagaStep)fromValue, (SagaStep)toValue);
        var saga = At(from);

        saga.Apply(BranchResult.Ok, Now.AddSeconds(1), NoRetry);

        saga.Step.ShouldBe(to);
        saga.UpdatedAt.ShouldBe(Now.AddSeconds(1));
    }

    [Theory]
    [InlineData(SagaStep.Reserve, SagaStep.Release)]
    [InlineData(SagaStep.Charge, SagaStep.Refund)]
    [InlineData(SagaStep.Confirm, SagaStep.Refund)]
    public void Apply_ForwardStepRefused_CompensatesWithTheReason(Enum fromValue, Enum toValue)
    {
        var (from, to) = ((SagaStep)fromValue, (SagaStep)toValue);
        var saga = At(from);

        saga.Apply(BranchResult.Refused(CancellationReasons.OutOfStock), Now.AddSeconds(1), NoRetry);

        saga.Step.ShouldBe(to);
        saga.Reason.ShouldBe(CancellationReasons.OutOfStock);
        saga.IsHalted.ShouldBeFalse();
    }

    [Theory]
    [InlineData(SagaStep.Refund)]
    [InlineData(SagaStep.Release)]
    public void Apply_CompensationRefused_HaltsAtTheStep(Enum stepValue)
    {
        var step = (SagaStep)stepValue;
        var saga = At(step);

        saga.Apply(BranchResult.Refused("PAYMENT_SETTLED"), Now.AddSeconds(1), NoRetry);

        saga.Step.ShouldBe(step);
        saga.IsHalted.ShouldBeTrue();
        saga.Reason.ShouldBe(CancellationReasons.InsufficientFunds);
    }

    [Fact]
    public void Apply_TransientFailures_RetryAfterTheDelayForEachFailedAttemptCountedFromOne()
    {
        var saga = At(SagaStep.Charge);
        var asked = new List<int>();
        TimeSpan Delay(int attempt)
        {
            asked.Add(attempt);
            return TimeSpan.FromMilliseconds(100 * attempt);
        }

        saga.Apply(BranchResult.Transient("unavailable"), Now.AddSeconds(1), Delay);
        saga.Apply(BranchResult.Transient("unavailable"), Now.AddSeconds(2), Delay);

        asked.ShouldBe([1, 2]);
        saga.Step.ShouldBe(SagaStep.Charge);
        saga.Attempts.ShouldBe(2);
        saga.NextAttemptAt.ShouldBe(Now.AddSeconds(2).AddMilliseconds(200));
    }

    [Theory]
    [InlineData(BranchOutcome.Succeeded)]
    [InlineData(BranchOutcome.Refused)]
    [InlineData(BranchOutcome.Transient)]
    public void Apply_Done_ThrowsIllegalTransitionAndChangesNothing(Enum outcomeValue)
    {
        var outcome = (BranchOutcome)outcomeValue;
        var saga = At(SagaStep.Done);
        var updated = saga.UpdatedAt;

        var ex = Should.Throw<OrderingDomainException>(() => saga.Apply(new BranchResult(outcome, "X"), Now.AddSeconds(9), _ => TimeSpan.Zero));

        ex.Error.ShouldBe(OrderingErrors.IllegalTransition);
        saga.Step.ShouldBe(SagaStep.Done);
        saga.Attempts.ShouldBe(0);
        saga.UpdatedAt.ShouldBe(updated);
    }

    [Theory]
    [InlineData(SagaStep.Refund)]
    [InlineData(SagaStep.Release)]
    public void Halt_Compensating_StaysAtTheStepNeverDueAndUnfinished(Enum stepValue)
    {
        var step = (SagaStep)stepValue;
        var saga = At(step);

        saga.Halt(Now.AddSeconds(1));

        saga.Step.ShouldBe(step);
        saga.IsHalted.ShouldBeTrue();
        saga.IsFinished.ShouldBeFalse();
        saga.NextAttemptAt.ShouldBe(DateTimeOffset.MaxValue);
        saga.UpdatedAt.ShouldBe(Now.AddSeconds(1));
    }

    [Theory]
    [InlineData(SagaStep.Reserve)]
    [InlineData(SagaStep.Charge)]
    [InlineData(SagaStep.Confirm)]
    [InlineData(SagaStep.Done)]
    public void Halt_NotCompensating_ThrowsIllegalTransition(Enum stepValue)
    {
        var step = (SagaStep)stepValue;
        var saga = At(step);

        Should.Throw<OrderingDomainException>(() => saga.Halt(Now)).Error.ShouldBe(OrderingErrors.IllegalTransition);
        saga.IsHalted.ShouldBeFalse();
    }

    [Fact]
    public void Start_NewOrder_IsAtReserveDueNowWithItsDeadline()
    {
        var saga = OrderSaga.Start(OrderId, Now, TimeSpan.FromSeconds(15));

        saga.OrderId.ShouldBe(OrderId);
        saga.Step.ShouldBe(SagaStep.Reserve);
        saga.Reason.ShouldBeNull();
        saga.Attempts.ShouldBe(0);
        saga.StartedAt.ShouldBe(Now);
        saga.UpdatedAt.ShouldBe(Now);
        saga.NextAttemptAt.ShouldBe(Now);
        saga.Deadline.ShouldBe(Now.AddSeconds(15));
        saga.IsFinished.ShouldBeFalse();
        saga.Succeeded.ShouldBeFalse();
    }

    [Theory]
    [InlineData(SagaStep.Reserve, SagaStep.Charge)]
    [InlineData(SagaStep.Charge, SagaStep.Confirm)]
    [InlineData(SagaStep.Confirm, SagaStep.Done)]
    [InlineData(SagaStep.Refund, SagaStep.Release)]
    [InlineData(SagaStep.Release, SagaStep.Done)]
    public void StepSucceeded_EachStep_MovesToTheNextAndResetsAttempts(Enum fromValue, Enum toValue)
    {
        var from = (SagaStep)fromValue;
        var to = (SagaStep)toValue;
        var saga = At(from);
        saga.RetryLater(Now, TimeSpan.FromSeconds(1));

        saga.StepSucceeded(Now.AddSeconds(5));

        saga.Step.ShouldBe(to);
        saga.Attempts.ShouldBe(0);
        saga.NextAttemptAt.ShouldBe(Now.AddSeconds(5));
        saga.UpdatedAt.ShouldBe(Now.AddSeconds(5));
    }

    [Fact]
    public void StepSucceeded_AllForward_FinishesSucceeded()
    {
        var saga = At(SagaStep.Done);

        saga.IsFinished.ShouldBeTrue();
        saga.Succeeded.ShouldBeTrue();
        saga.Reason.ShouldBeNull();
    }

    [Fact]
    public void StepSucceeded_CompensationFinished_IsFinishedNotSucceeded()
    {
        var saga = OrderSaga.Start(OrderId, Now, TimeSpan.FromSeconds(15));
        saga.StepSucceeded(Now);
        saga.Fail(CancellationReasons.InsufficientFunds, Now);

        saga.StepSucceeded(Now);
        saga.StepSucceeded(Now);

        saga.Step.ShouldBe(SagaStep.Done);
        saga.IsFinished.ShouldBeTrue();
        saga.Succeeded.ShouldBeFalse();
        saga.Reason.ShouldBe(CancellationReasons.InsufficientFunds);
    }

    [Fact]
    public void StepSucceeded_Done_ThrowsIllegalTransition()
    {
        var saga = At(SagaStep.Done);

        var ex = Should.Throw<OrderingDomainException>(() => saga.StepSucceeded(Now));

        ex.Error.ShouldBe(OrderingErrors.IllegalTransition);
        ex.Message.ShouldBe($"The saga of order {OrderId} is at Done; it cannot complete a step.");
    }

    [Theory]
    [InlineData(SagaStep.Reserve, SagaStep.Release)]
    [InlineData(SagaStep.Charge, SagaStep.Refund)]
    [InlineData(SagaStep.Confirm, SagaStep.Refund)]
    public void Fail_ForwardStep_CompensatesInReverseWithTheReason(Enum fromValue, Enum toValue)
    {
        var from = (SagaStep)fromValue;
        var to = (SagaStep)toValue;
        var saga = At(from);
        saga.RetryLater(Now, TimeSpan.FromSeconds(1));

        saga.Fail(CancellationReasons.DeadlineExceeded, Now.AddSeconds(2));

        saga.Step.ShouldBe(to);
        saga.Reason.ShouldBe(CancellationReasons.DeadlineExceeded);
        saga.Attempts.ShouldBe(0);
        saga.NextAttemptAt.ShouldBe(Now.AddSeconds(2));
        saga.UpdatedAt.ShouldBe(Now.AddSeconds(2));
    }

    [Theory]
    [InlineData(SagaStep.Refund)]
    [InlineData(SagaStep.Release)]
    [InlineData(SagaStep.Done)]
    public void Fail_CompensatingOrFinished_ThrowsIllegalTransitionAndChangesNothing(Enum fromValue)
    {
        var from = (SagaStep)fromValue;
        var saga = At(from);
        var reason = saga.Reason;

        var ex = Should.Throw<OrderingDomainException>(() => saga.Fail(CancellationReasons.OutOfStock, Now.AddSeconds(9)));

        ex.Error.ShouldBe(OrderingErrors.IllegalTransition);
        ex.Message.ShouldBe($"The saga of order {OrderId} is at {from}; it cannot fail.");
        saga.Step.ShouldBe(from);
        saga.Reason.ShouldBe(reason);
        saga.UpdatedAt.ShouldNotBe(Now.AddSeconds(9));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Fail_BlankReason_ThrowsAndStaysAtTheStep(string reason)
    {
        var saga = At(SagaStep.Charge);

        Should.Throw<ArgumentException>(() => saga.Fail(reason, Now));

        saga.Step.ShouldBe(SagaStep.Charge);
        saga.Reason.ShouldBeNull();
    }

    [Theory]
    [InlineData(SagaStep.Reserve)]
    [InlineData(SagaStep.Charge)]
    [InlineData(SagaStep.Confirm)]
    [InlineData(SagaStep.Refund)]
    [InlineData(SagaStep.Release)]
    public void RetryLater_UnfinishedStep_CountsTheAttemptAndWaits(Enum stepValue)
    {
        var step = (SagaStep)stepValue;
        var saga = At(step);

        saga.RetryLater(Now.AddSeconds(1), TimeSpan.FromMilliseconds(300));
        saga.RetryLater(Now.AddSeconds(2), TimeSpan.FromMilliseconds(600));

        saga.Step.ShouldBe(step);
        saga.Attempts.ShouldBe(2);
        saga.NextAttemptAt.ShouldBe(Now.AddSeconds(2).AddMilliseconds(600));
        saga.UpdatedAt.ShouldBe(Now.AddSeconds(2));
    }

    [Fact]
    public void RetryLater_Done_ThrowsIllegalTransition()
    {
        var saga = At(SagaStep.Done);

        var ex = Should.Throw<OrderingDomainException>(() => saga.RetryLater(Now, TimeSpan.FromSeconds(1)));

        ex.Error.ShouldBe(OrderingErrors.IllegalTransition);
        ex.Message.ShouldBe($"The saga of order {OrderId} is at Done; it cannot retry.");
        saga.Attempts.ShouldBe(0);
    }

    [Theory]
    [InlineData(SagaStep.Reserve, true)]
    [InlineData(SagaStep.Charge, true)]
    [InlineData(SagaStep.Confirm, false)]
    [InlineData(SagaStep.Refund, false)]
    [InlineData(SagaStep.Release, false)]
    [InlineData(SagaStep.Done, false)]
    public void CanGiveUp_EachStep_OnlyBeforeThePaymentIsKnown(Enum stepValue, bool expected) =>
        At((SagaStep)stepValue).CanGiveUp.ShouldBe(expected);

    /// <summary>A saga brought to <paramref name="step"/> through its own transitions (compensation by a failed Charge).</summary>
    private static OrderSaga At(SagaStep step)
    {
        var saga = OrderSaga.Start(OrderId, Now, TimeSpan.FromSeconds(15));
        Action<OrderSaga>[] path = step switch
        {
            SagaStep.Reserve => [],
            SagaStep.Charge => [Forward],
            SagaStep.Confirm => [Forward, Forward],
            SagaStep.Done => [Forward, Forward, Forward],
            SagaStep.Refund => [Forward, Failed],
            SagaStep.Release => [Forward, Failed, Forward],
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
        foreach (var move in path)
        {
            move(saga);
        }

        saga.Step.ShouldBe(step);
        return saga;
    }

    private static void Forward(OrderSaga saga) => saga.StepSucceeded(Now);

    private static void Failed(OrderSaga saga) => saga.Fail(CancellationReasons.InsufficientFunds, Now);
}
