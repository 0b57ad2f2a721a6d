namespace Atrium.Ordering.Domain;

/// <summary>
/// The durable record of one order's saga: the step to run next, why it is compensating, and when to try again.
/// It is saved with the order when the order is placed and after every step, so whatever the process was doing when
/// it stopped, the record says what to (re)do: every step is idempotent at its service, so repeating the step that
/// was in flight is safe.
/// </summary>
internal sealed class OrderSaga
{
    // For the persistence layer.
    private OrderSaga()
    {
    }

    private OrderSaga(Guid orderId, DateTimeOffset now, DateTimeOffset deadline)
    {
        OrderId = orderId;
        Step = SagaStep.Reserve;
        StartedAt = now;
        UpdatedAt = now;
        NextAttemptAt = now;
        Deadline = deadline;
    }

    /// <summary>The order, and the global transaction id every branch is called with.</summary>
    public Guid OrderId { get; private set; }

    /// <summary>The step to run next.</summary>
    public SagaStep Step { get; private set; }

    /// <summary>Why the saga compensates, once it does (a <see cref="CancellationReasons"/> code).</summary>
    public string? Reason { get; private set; }

    /// <summary>Failed attempts at the current step; resets when a step completes.</summary>
    public int Attempts { get; private set; }

    /// <summary>When the current step may run again.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>After this, a step whose outcome is uncertain (Reserve, Charge) is given up and compensated.</summary>
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>When the saga started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the saga last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Whether the saga went forward (true) or compensated (false); meaningful when <see cref="Step"/> is Done.</summary>
    public bool Succeeded => Step == SagaStep.Done && Reason is null;

    /// <summary>Whether the saga still has a step to run.</summary>
    public bool IsFinished => Step == SagaStep.Done;

    /// <summary>Whether a compensation was refused for good and the saga waits for an operator; it is never run again.</summary>
    public bool IsHalted => !IsFinished && NextAttemptAt == DateTimeOffset.MaxValue;

    /// <summary>
    /// Whether the deadline may still turn the saga round: only before the payment is known to be captured. Once
    /// Confirm is next, compensating could meet a reservation that was confirmed by a call whose answer was lost,
    /// so Confirm is retried until it succeeds or the catalog refuses it.
    /// </summary>
    public bool CanGiveUp => Step is SagaStep.Reserve or SagaStep.Charge;

    /// <summary>A copy to apply a step's result to while this record stays as its runner read it.</summary>
    public OrderSaga Copy() => (OrderSaga)MemberwiseClone();

    /// <summary>Starts the saga of a newly placed order.</summary>
    public static OrderSaga Start(Guid orderId, DateTimeOffset now, TimeSpan timeout) => new(orderId, now, now + timeout);

    /// <summary>
    /// Records what the call of the current step returned: a success moves on; a refusal of a forward step turns the
    /// saga to compensate; a refused compensation halts it (it would be refused again, forever); anything else is
    /// retried after <paramref name="retryDelay"/>, given the failed attempts at this step counting this one (from 1).
    /// </summary>
    /// <exception cref="OrderingDomainException">The saga is finished, or a refusal came where none can.</exception>
    public void Apply(BranchResult result, DateTimeOffset now, Func<int, TimeSpan> retryDelay)
    {
        ArgumentNullException.ThrowIfNull(retryDelay);
        switch (result.Outcome)
        {
            case BranchOutcome.Succeeded:
                StepSucceeded(now);
                break;
            case BranchOutcome.Refused when Step is SagaStep.Reserve or SagaStep.Charge or SagaStep.Confirm:
                Fail(result.Reason!, now);
                break;
            case BranchOutcome.Refused:
                Halt(now);
                break;
            default:
                RetryLater(now, retryDelay(Attempts + 1));
                break;
        }
    }

    /// <summary>The current step succeeded: moves to the next one.</summary>
    /// <exception cref="OrderingDomainException">The saga is finished.</exception>
    public void StepSucceeded(DateTimeOffset now)
    {
        Step = Step switch
        {
            SagaStep.Reserve => SagaStep.Charge,
            SagaStep.Charge => SagaStep.Confirm,
            SagaStep.Confirm => SagaStep.Done,
            SagaStep.Refund => SagaStep.Release,
            SagaStep.Release => SagaStep.Done,
            _ => throw Illegal("complete a step"),
        };
        Attempts = 0;
        NextAttemptAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// A forward step failed for good (a business refusal, or the deadline): compensates whatever may have happened,
    /// in reverse. A failed Reserve holds nothing and charged nothing, so only the reservation is cancelled (a no-op
    /// that also blocks a late try); later steps refund first.
    /// </summary>
    /// <exception cref="OrderingDomainException">The saga is compensating or finished already.</exception>
    public void Fail(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Step = Step switch
        {
            SagaStep.Reserve => SagaStep.Release,
            SagaStep.Charge or SagaStep.Confirm => SagaStep.Refund,
            _ => throw Illegal("fail"),
        };
        Reason = reason;
        Attempts = 0;
        NextAttemptAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// A compensation was refused for good (payments will not refund a settled payment): asking again gets the same
    /// answer, and going on would cancel an order whose money was kept, so the saga stops at its step with the order
    /// Pending, for an operator (<see cref="IsHalted"/>).
    /// </summary>
    /// <exception cref="OrderingDomainException">The saga is not compensating.</exception>
    public void Halt(DateTimeOffset now)
    {
        if (Step is not (SagaStep.Refund or SagaStep.Release))
        {
            throw Illegal("halt");
        }

        NextAttemptAt = DateTimeOffset.MaxValue;
        UpdatedAt = now;
    }

    /// <summary>The current step could not be completed now (a timeout, a service down): run it again after <paramref name="delay"/>.</summary>
    /// <exception cref="OrderingDomainException">The saga is finished.</exception>
    public void RetryLater(DateTimeOffset now, TimeSpan delay)
    {
        if (IsFinished)
        {
            throw Illegal("retry");
        }

        Attempts++;
        NextAttemptAt = now + delay;
        UpdatedAt = now;
    }

    private OrderingDomainException Illegal(string what) =>
        new(OrderingErrors.IllegalTransition, $"The saga of order {OrderId} is at {Step}; it cannot {what}.");
}
