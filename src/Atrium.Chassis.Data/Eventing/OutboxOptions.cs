using System.ComponentModel.DataAnnotations;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Settings of a service's outbox relay.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for pending rows when nothing nudges it (a commit with outbox rows does).</summary>
    /// <value>Defaults to 1 s. Between 10 ms and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many rows the relay claims per round trip.</summary>
    /// <value>Defaults to <c>100</c>. Between 1 and 10,000.</value>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The wait after a row's first failed publish; it doubles per failure up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    /// <value>Defaults to 500 ms. Between 0 and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts of one row. Rows are retried forever.</summary>
    /// <value>Defaults to 5 minutes. Between 0 and 1 day; not less than <see cref="RetryBaseDelay"/>.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claimed row stays invisible to other relays on the same database. A relay that dies mid-batch
    /// leaves its rows to be retried after this.
    /// </summary>
    /// <value>Defaults to 30 s. Between 1 s and 1 hour; more than <see cref="PublishTimeout"/>.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one publish may take (a full in-process queue makes it wait) before it counts as failed; through the
    /// in-process transport, also how long a published row may wait for every subscription to acknowledge it before it
    /// counts as failed and is published again.
    /// </summary>
    /// <value>Defaults to 10 s. Between 10 ms and 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long published rows are kept (for inspection) before the relay deletes them.</summary>
    /// <value>Defaults to 1 day. Between 0 (delete at the next cleanup) and 365 days.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan PublishedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the relay deletes published rows older than <see cref="PublishedRetention"/>.</summary>
    /// <value>Defaults to 10 minutes. Between 1 s and 1 day.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add("RetryMaxDelay must not be less than RetryBaseDelay.");
        }

        if (ClaimTimeout <= PublishTimeout)
        {
            errors.Add("ClaimTimeout must be more than PublishTimeout, or another relay could publish a row still being published.");
        }

        OptionsValidation.ThrowIfInvalid(this, nameof(OutboxOptions), errors);
    }
}
