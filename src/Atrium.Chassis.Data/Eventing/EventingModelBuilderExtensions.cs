using Microsoft.EntityFrameworkCore;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>Maps the outbox and inbox tables into a service's model (call from <c>OnModelCreating</c>).</summary>
public static class EventingModelBuilderExtensions
{
    /// <summary>The default outbox table name.</summary>
    public const string OutboxTable = "outbox_messages";

    /// <summary>The default inbox table name.</summary>
    public const string InboxTable = "inbox_messages";

    /// <summary>Maps <see cref="OutboxMessage"/> to <paramref name="table"/> (default <c>outbox_messages</c>).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder, string table = OutboxTable)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrEmpty(table);
        modelBuilder.Entity<OutboxMessage>(entity =>
        {
            entity.ToTable(table);
            entity.HasKey(m => m.Id);
            entity.Property(m => m.Id).ValueGeneratedNever();
            entity.Property(m => m.Type).HasMaxLength(200).IsRequired();
            entity.Property(m => m.Payload).IsRequired();
            entity.Property(m => m.Traceparent).HasMaxLength(128);
            entity.Property(m => m.LastError).HasMaxLength(OutboxRelayLimits.LastErrorLength);
            entity.Property(m => m.OccurredAt).HasConversion<UtcTicksConverter>();
            entity.Property(m => m.NextAttemptAt).HasConversion<UtcTicksConverter>();
            entity.Property(m => m.PublishedAt).HasConversion<UtcTicksConverter>();
            entity.HasIndex(m => new { m.PublishedAt, m.NextAttemptAt });
            entity.HasIndex(m => m.ClaimToken);
        });
        return modelBuilder;
    }

    /// <summary>Maps <see cref="InboxMessage"/> to <paramref name="table"/> (default <c>inbox_messages</c>).</summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder, string table = InboxTable)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrEmpty(table);
        modelBuilder.Entity<InboxMessage>(entity =>
        {
            entity.ToTable(table);
            entity.HasKey(m => new { m.MessageId, m.Handler });
            entity.Property(m => m.Handler).HasMaxLength(200);
            entity.Property(m => m.Type).HasMaxLength(200).IsRequired();
            entity.Property(m => m.ProcessedAt).HasConversion<UtcTicksConverter>();
        });
        return modelBuilder;
    }
}
