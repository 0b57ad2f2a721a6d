using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Atrium.Chassis.Data.Eventing;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as UTC ticks: SQLite cannot compare or order its text form in SQL, and an
/// integer orders the same on every provider.
/// </summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
